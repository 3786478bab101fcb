import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../../core/ports.js';
import type { ConnectionSnapshot } from '../../core/queries/connection-snapshot.js';
import type { TenantId } from '../../core/types.js';
import { sendProblem } from '../../http/problem.js';
import { platformSettingsResource } from '../payloads.js';
import { acoTokenRoute, type AccessTokenSource } from './aco-token.js';
import type { ApiKey } from './api-keys.js';
import { apiGuard, guardedTenant } from './guard.js';
import { loadOpenApiDocument } from './openapi.js';
import { problems } from './problems.js';
import { listTenantsRoute, parseJsonBody, putEntitlementsRoute, type TenantRoutesDeps } from './tenants.js';

export interface CcaasApiDeps extends TenantRoutesDeps {
  keys: readonly ApiKey[];
  /** The core's view of a tenant: confirmed settings and live API Auth Status. */
  snapshot(tenant: TenantId): Promise<ConnectionSnapshot>;
  tokens: AccessTokenSource;
  logger: Logger;
  clock: Clock;
  publicBaseUrl: string;
  /** Per-address limits (src/http/rate-limit.ts), in front of every API route. */
  rateLimit?: RequestHandler;
}

/**
 * The CCaaS API (bearer CCAAS_API_KEY, tenant as `?tenant=` or in the path): the confirmed settings, a valid
 * ACO access token, the tenants a key may see and the operator's per-tenant entitlements. Nothing here is cacheable, and the key and the token are never logged.
 */
export function ccaasApiRoutes(deps: CcaasApiDeps): Router {
  const router = Router();
  const guard = apiGuard(deps);
  if (deps.rateLimit) router.use('/api/v1', deps.rateLimit);

  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json({ ...loadOpenApiDocument(), servers: [{ url: deps.publicBaseUrl }] });
  });

  router.get('/api/v1/platform-settings', guard, async (_req: Request, res: Response) => {
    const tenant = guardedTenant(res);
    const { settings, auth } = await deps.snapshot(tenant);
    if (!settings) {
      sendProblem(res, problems.unknownTenant(tenant));
      return;
    }
    res.json(platformSettingsResource(tenant, settings, auth));
  });

  router.post('/api/v1/aco-token', guard, acoTokenRoute(deps));

  router.get('/api/v1/tenants', apiGuard(deps, 'none'), listTenantsRoute(deps));
  // The tenant is checked against the key before the body is even read.
  router.put('/api/v1/tenants/:tenant/entitlements', apiGuard(deps, 'path'), parseJsonBody, putEntitlementsRoute(deps));

  return router;
}
