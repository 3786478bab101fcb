import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { TenantId } from '../../core/types.js';
import { sendProblem } from '../../http/problem.js';
import { isTenantId, keyAllowsTenant, type ApiKey } from './api-keys.js';
import { bearerKey } from './bearer-auth.js';
import { problems } from './problems.js';

interface Locals {
  key?: ApiKey;
  tenant?: TenantId;
}

const locals = (res: Response) => res.locals as Locals;

/** Where a route names its tenant: `?tenant=`, the `{tenant}` path segment, or nowhere (the tenant list). */
export type TenantSource = 'query' | 'path' | 'none';

/**
 * In front of every data route: no caching, one log line per request (key by number, never the key), then
 * the bearer key, the tenant and whether the key may read that tenant, before anything is looked up.
 */
export function apiGuard(deps: { keys: readonly ApiKey[]; logger: Logger }, from: TenantSource = 'query') {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    res.on('finish', () => {
      const { key, tenant } = locals(res);
      // A refused key is the rate limiter's to log: once per address per window, not once per request.
      const log = res.statusCode === 401 || res.statusCode === 429 ? deps.logger.debug : deps.logger.info;
      log.call(
        deps.logger,
        {
          method: req.method,
          path: req.path,
          tenant,
          keyNumber: key?.index,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'CCaaS API request',
      );
    });
    const key = bearerKey(req, deps.keys);
    if (!key) {
      sendProblem(res, problems.unauthorized, { 'WWW-Authenticate': 'Bearer realm="aco-connect"' });
      return;
    }
    locals(res).key = key;
    if (from === 'none') {
      next();
      return;
    }
    const tenant = from === 'query' ? req.query.tenant : req.params.tenant;
    if (typeof tenant !== 'string' || tenant === '') {
      sendProblem(res, problems.badTenant('Name the tenant as ?tenant=slack:<team id> or ?tenant=teams:<tenant id>.'));
      return;
    }
    if (!isTenantId(tenant)) {
      sendProblem(res, problems.badTenant('The tenant must be slack:<team id> or teams:<tenant id>.'));
      return;
    }
    locals(res).tenant = tenant;
    if (!keyAllowsTenant(key, tenant)) {
      sendProblem(res, problems.forbidden(tenant));
      return;
    }
    next();
  };
}

/** The key the guard let through; routes behind it only. */
export function guardedKey(res: Response): ApiKey {
  const { key } = locals(res);
  if (!key) throw new Error('CCaaS route reached without the key guard');
  return key;
}

/** The tenant the guard let through; routes behind it only. */
export function guardedTenant(res: Response): TenantId {
  const { tenant } = locals(res);
  if (!tenant) throw new Error('CCaaS route reached without the tenant guard');
  return tenant;
}
