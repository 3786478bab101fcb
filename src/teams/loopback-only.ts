import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

export const isLoopback = (address: string | undefined) => !!address && LOOPBACK.test(address);

/**
 * Local-emulator mode has no authentication, so only this machine may call. `req.ip` honours
 * X-Forwarded-For from a loopback proxy (the server trusts loopback proxies), which refuses
 * internet traffic arriving through a local tunnel too.
 */
export function loopbackOnly(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isLoopback(req.ip) && isLoopback(req.socket.remoteAddress)) return next();
    logger.warn({ ip: req.ip }, 'Teams request refused: local-emulator mode accepts loopback callers only');
    res.status(403).json({
      error: 'forbidden',
      message:
        'aco-connect runs the Teams endpoint in local-emulator mode (no MicrosoftAppId): only loopback callers are accepted.',
    });
  };
}
