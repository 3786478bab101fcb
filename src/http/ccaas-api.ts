import { readFileSync } from 'node:fs';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { isTenantId, keyAllowsTenant, type ApiKey } from '../ccaas/api-keys.js';
import { platformSettingsResource } from '../ccaas/payloads.js';
import { describeAuthStatus, type AuthStatus } from '../core/auth-status.js';
import { AcoError, type Clock } from '../core/ports.js';
import { AccessTokenError, type AcoTokenService } from '../core/token-service.js';
import type { SettingsRecord, TenantId } from '../core/types.js';
import { bearerKey } from './bearer-auth.js';
import { problemType, sendProblem } from './problem.js';

/** The single refresher (`AcoTokenService`); this API never refreshes by itself. */
export type AccessTokenSource = Pick<AcoTokenService, 'getAccessToken'>;

export interface CcaasApiDeps {
  keys: readonly ApiKey[];
  settings(tenant: TenantId): Promise<SettingsRecord | undefined>;
  authStatus(tenant: TenantId): Promise<AuthStatus>;
  /** Whether anything was ever stored for the tenant (settings or an auth status). */
  knownTenant(tenant: TenantId): Promise<boolean>;
  tokens: AccessTokenSource;
  logger: Logger;
  clock: Clock;
  publicBaseUrl: string;
}

const OPENAPI_FILE = new URL('../../openapi/ccaas.json', import.meta.url);
export const loadOpenApiDocument = (): Record<string, unknown> => JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));

const problems = {
  unauthorized: {
    type: problemType('unauthorized'),
    title: 'Missing or invalid API key',
    status: 401,
    detail: 'Send the CCaaS API key as "Authorization: Bearer <key>".',
  },
  badTenant: (detail: string) => ({
    type: problemType('invalid-tenant'),
    title: 'Invalid tenant',
    status: 400,
    detail,
  }),
  forbidden: (tenant: string) => ({
    type: problemType('tenant-not-allowed'),
    title: 'This key is not allowed for the tenant',
    status: 403,
    detail: `The API key used is limited to other tenants than ${tenant}.`,
  }),
  unknownTenant: (tenant: string) => ({
    type: problemType('unknown-tenant'),
    title: 'Unknown tenant',
    status: 404,
    detail: `aco-connect holds no confirmed Platform Settings for ${tenant}.`,
  }),
  notAuthenticated: (tenant: string, text: string) => ({
    type: problemType('not-authenticated'),
    title: 'ACO is not authenticated',
    status: 409,
    detail: `${text}. An administrator of ${tenant} must press Authenticate in Slack or Teams (/aco-connect).`,
  }),
  unreachable: {
    type: problemType('aco-unreachable'),
    title: 'Avaya Cloud Office is unreachable',
    status: 503,
    detail: 'ACO did not answer; no token could be obtained. Try again shortly.',
  },
  refused: {
    type: problemType('aco-refused'),
    title: 'ACO refused the token request',
    status: 502,
    detail: 'ACO refused to issue an access token; see the aco-connect log.',
  },
};

interface Locals {
  key?: ApiKey;
  tenant?: TenantId;
}

/**
 * The CCaaS read API (bearer CCAAS_API_KEY, tenant as `?tenant=`): the confirmed settings and a valid ACO
 * access token. Nothing here is cacheable, and the key and the token are never logged.
 */
export function ccaasApiRoutes(deps: CcaasApiDeps): Router {
  const router = Router();
  const locals = (res: Response) => res.locals as Locals;
  // Set by the guard below, which every route after it runs behind.
  const guardedTenant = (res: Response): string => {
    const { tenant } = locals(res);
    if (!tenant) throw new Error('CCaaS route reached without the tenant guard');
    return tenant;
  };

  router.get('/api/v1/openapi.json', (_req, res) => {
    res.json({ ...loadOpenApiDocument(), servers: [{ url: deps.publicBaseUrl }] });
  });

  const guard = (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    res.on('finish', () => {
      const { key, tenant } = locals(res);
      deps.logger.info(
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
    const tenant = req.query.tenant;
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

  router.get('/api/v1/platform-settings', guard, async (_req: Request, res: Response) => {
    const tenant = guardedTenant(res);
    const [record, auth] = await Promise.all([deps.settings(tenant), deps.authStatus(tenant)]);
    if (!record) {
      sendProblem(res, problems.unknownTenant(tenant));
      return;
    }
    res.json(platformSettingsResource(tenant, record, auth));
  });

  router.post('/api/v1/aco-token', guard, async (_req: Request, res: Response) => {
    const tenant = guardedTenant(res);
    const auth = await deps.authStatus(tenant);
    if (auth.state !== 'authenticated') {
      if (!(await deps.knownTenant(tenant))) sendProblem(res, problems.unknownTenant(tenant));
      else sendProblem(res, problems.notAuthenticated(tenant, describe(auth)));
      return;
    }
    try {
      const token = await deps.tokens.getAccessToken(tenant);
      const expiresAtMs = new Date(token.expiresAt).getTime();
      res.json({
        tenant,
        accessToken: token.accessToken,
        tokenType: 'bearer',
        expiresAt: new Date(expiresAtMs).toISOString(),
        expiresIn: Math.max(0, Math.floor((expiresAtMs - deps.clock.now()) / 1000)),
      });
    } catch (err) {
      if (err instanceof AccessTokenError) {
        if (err.code === 'unavailable') {
          sendProblem(res, problems.unreachable, { 'Retry-After': retryAfterSeconds(err.retryAfterMs) });
        } else {
          sendProblem(res, problems.notAuthenticated(tenant, describe(await deps.authStatus(tenant))));
        }
      } else if (err instanceof AcoError && err.transient) {
        sendProblem(res, problems.unreachable, { 'Retry-After': retryAfterSeconds(err.details.retryAfterMs) });
      } else if (err instanceof AcoError) {
        deps.logger.warn(
          { tenant, kind: err.kind, status: err.details.status, errorCode: err.details.errorCode },
          'ACO refused a token for the CCaaS',
        );
        sendProblem(res, problems.refused);
      } else {
        throw err;
      }
    }
  });

  return router;
}

const describe = (auth: AuthStatus) => describeAuthStatus(auth).replace(/\.$/, '');

/** ACO's 429 penalty restarts when called during it (design.md §7): at least 30 s unless told otherwise. */
const retryAfterSeconds = (ms: number | undefined) => String(Math.max(1, Math.ceil((ms ?? 30_000) / 1000)));
