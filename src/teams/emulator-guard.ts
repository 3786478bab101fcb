import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

const LOOPBACK_IP = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

export const isLoopback = (address: string | undefined) => !!address && LOOPBACK_IP.test(address);

/** A serviceUrl on this machine (the Bot Framework Emulator's), so emulator mode never posts elsewhere. */
export function isLoopbackUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const host = new URL(value).hostname.replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || isLoopback(host);
}

/**
 * The addresses a proxy in front says the request came from (X-Forwarded-For, and `for=` of RFC 7239
 * Forwarded), whatever TRUST_PROXY says: emulator mode refuses anything labelled as coming from elsewhere.
 */
function forwardedFor(req: Request): string[] {
  const xff = (req.get('x-forwarded-for') ?? '').split(',');
  const fwd = [...(req.get('forwarded') ?? '').matchAll(/for="?\[?([^\]";,]+)/gi)].map((m) => m[1] ?? '');
  return [...xff, ...fwd].map((s) => s.trim()).filter(Boolean);
}

const refuse = (res: Response, message: string) => res.status(403).json({ error: 'forbidden', message });

/**
 * Emulator mode (TEAMS_EMULATOR=true) has no authentication, so only this machine may call, and only with a
 * serviceUrl on this machine. A request labelled by a proxy (X-Forwarded-For, Forwarded) as coming from another
 * address is refused whatever TRUST_PROXY says. A proxy that forwards without the header looks local: the loopback serviceUrl keeps replies on this machine, and every activity
 * is filed under the emulator tenant whatever it claims (identity.ts), so no real tenant can be reached.
 * Runs after the JSON body parser.
 */
export function emulatorGuard(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (
      !isLoopback(req.ip) ||
      !isLoopback(req.socket.remoteAddress) ||
      !forwardedFor(req).every((a) => isLoopback(a) || a === 'localhost')
    ) {
      logger.warn({ ip: req.ip }, 'Teams request refused: emulator mode accepts loopback callers only');
      return void refuse(
        res,
        'aco-connect runs the Teams endpoint in emulator mode (TEAMS_EMULATOR=true): only loopback callers are accepted.',
      );
    }
    const serviceUrl = (req.body as { serviceUrl?: unknown } | undefined)?.serviceUrl;
    if (!isLoopbackUrl(serviceUrl)) {
      logger.warn('Teams request refused: emulator mode accepts a loopback serviceUrl only');
      return void refuse(
        res,
        'aco-connect runs the Teams endpoint in emulator mode (TEAMS_EMULATOR=true): the serviceUrl must be on this machine (localhost).',
      );
    }
    next();
  };
}
