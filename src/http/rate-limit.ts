import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { problemType, retryAfterSeconds, sendProblem } from './problem.js';

/** Per client address, per window; the defaults (docs/security.md). */
export const RATE_LIMITS = {
  /** CCaaS API: every request, then the stricter count of refused authentications (401). */
  api: { points: 600, durationSec: 60 },
  apiAuthFailures: { points: 10, durationSec: 60 },
  /** ACO OAuth callback: one per sign-in in real use; refused callbacks (any 4xx) count stricter. */
  oauth: { points: 30, durationSec: 60 },
  oauthFailures: { points: 10, durationSec: 60 },
} as const;

export const rateLimitedProblem = (retryAfter: string) => ({
  type: problemType('rate-limited'),
  title: 'Too many requests',
  status: 429,
  detail: `Too many requests from this address. Try again in ${retryAfter} s.`,
});

export interface RateLimitOptions {
  /** Names the limit in the log ("ccaas-api", "oauth-callback"). */
  name: string;
  /** Every request consumes one point. */
  all: RateLimiterAbstract;
  /** A request whose answer `isFailure` consumes one point here; over the limit, the address is refused. */
  failures: RateLimiterAbstract;
  isFailure(status: number): boolean;
  logger: Logger;
  /** Milliseconds clock for the log-once bookkeeping (tests). */
  now?: () => number;
}

/**
 * Limits requests per client address (`req.ip`: the socket's address unless TRUST_PROXY names the proxy in
 * front). Over a limit: 429 `application/problem+json` with Retry-After. One warning per address per window
 * when it is first refused, never one per request; a limiter that cannot reach its store lets the request
 * through (its insurance limiter counts in memory meanwhile).
 */
export function rateLimit(opts: RateLimitOptions) {
  const now = opts.now ?? Date.now;
  /** Address → end of the window for which its refusal was logged. Bounded: cleared when it grows large. */
  const logged = new Map<string, number>();

  const refuse = (req: Request, res: Response, key: string, msBeforeNext: number, why: string) => {
    const retryAfter = retryAfterSeconds(msBeforeNext);
    const until = logged.get(key) ?? 0;
    if (now() >= until) {
      if (logged.size > 10_000) logged.clear();
      logged.set(key, now() + msBeforeNext);
      opts.logger.warn(
        { limit: opts.name, address: key, why, retryAfterSec: Number(retryAfter), path: req.path },
        'rate limit: refusing this address until the window ends (logged once per window)',
      );
    }
    res.locals.rateLimited = true;
    sendProblem(res, rateLimitedProblem(retryAfter), { 'Retry-After': retryAfter, 'Cache-Control': 'no-store' });
  };

  return (req: Request, res: Response, next: NextFunction) => {
    const key = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    void (async () => {
      try {
        const failed = await opts.failures.get(key);
        if (failed && failed.remainingPoints <= 0 && failed.msBeforeNext > 0) {
          refuse(req, res, key, failed.msBeforeNext, 'failed requests');
          return;
        }
        await opts.all.consume(key);
      } catch (err) {
        if (err instanceof RateLimiterRes) {
          refuse(req, res, key, err.msBeforeNext, 'requests');
          return;
        }
        // The counter's store failed and its insurance too: serve rather than refuse everyone.
      }
      res.on('finish', () => {
        if (res.locals.rateLimited || !opts.isFailure(res.statusCode)) return;
        opts.failures.consume(key).then(
          (counted) => {
            // The first failure of an address in a window is logged; the rest are counted, not logged.
            if (counted.consumedPoints === 1) {
              opts.logger.info(
                { limit: opts.name, address: key, status: res.statusCode, path: req.path },
                'request refused (further refusals from this address in this window are counted, not logged)',
              );
            }
          },
          () => {
            // Over the failure limit (the next request is refused) or the counter is unreachable: nothing to do.
          },
        );
      });
      next();
    })();
  };
}
