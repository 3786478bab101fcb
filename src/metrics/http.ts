import { createHash, timingSafeEqual } from 'node:crypto';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Component } from '../core/component.js';
import type { MetricFamilies } from './families.js';

/**
 * The route label: the pattern express matched (`/api/v1/platform-settings`, never the query or a raw path);
 * a request no route answered is `unmatched`, so a scan of random paths adds one series, not one per path.
 */
function routeOf(req: Request): string {
  const pattern = req.route?.path;
  if (typeof pattern !== 'string') return 'unmatched';
  return `${req.baseUrl}${pattern}` || '/';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Counts and times every request when its answer is finished (or the client went away). */
export function httpMetricsMiddleware(m: MetricFamilies) {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = m.httpDuration.startTimer();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const route = routeOf(req);
      const method = METHODS.has(req.method) ? req.method : 'other';
      end({ route, method });
      m.httpRequests.inc({ route, method, status: res.headersSent ? String(res.statusCode) : 'aborted' });
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time bearer check: both sides hashed to the same length first, so neither length nor content leaks. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer ([^\s]+)$/i.exec(header ?? '');
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(token)) && match !== null;
}

/**
 * GET /metrics on the main listener, for a scraper holding METRICS_TOKEN; anyone else gets 401 with
 * `WWW-Authenticate: Bearer`. The middleware goes first so every route, this one included, is counted.
 */
export function metricsComponent(deps: { metrics: MetricFamilies; token: string }): Component<Express> {
  const { metrics, token } = deps;
  return {
    name: 'metrics',
    mount(app) {
      app.use(httpMetricsMiddleware(metrics));
      app.get('/metrics', async (req, res, next) => {
        res.set('Cache-Control', 'no-store');
        if (!bearerMatches(req.get('authorization'), token)) {
          res.set('WWW-Authenticate', 'Bearer realm="metrics"').status(401).json({ error: 'unauthorized' });
          return;
        }
        try {
          const text = await metrics.registry.metrics();
          res.type(metrics.registry.contentType).send(text);
        } catch (err) {
          next(err);
        }
      });
    },
  };
}
