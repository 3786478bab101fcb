import { describeAuthStatus, type AuthStatus } from '../../core/auth-status.js';
import { problemType } from '../../http/problem.js';

/** The problem documents of the CCaaS API (openapi/ccaas.json lists them). */
export const problems = {
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
  badParameter: (detail: string) => ({
    type: problemType('invalid-parameter'),
    title: 'Invalid parameter',
    status: 400,
    detail,
  }),
  badBody: (detail: string) => ({
    type: problemType('invalid-body'),
    title: 'Invalid request body',
    status: 400,
    detail,
  }),
  unknownTenant: (tenant: string) => ({
    type: problemType('unknown-tenant'),
    title: 'Unknown tenant',
    status: 404,
    detail: `aco-connect holds no confirmed Platform Settings for ${tenant}.`,
  }),
  notAuthenticated: (tenant: string, auth: AuthStatus) => ({
    type: problemType('not-authenticated'),
    title: 'ACO is not authenticated',
    status: 409,
    detail: `${describeAuthStatus(auth).replace(/\.$/, '')}. An administrator of ${tenant} must press Authenticate in Slack or Teams (/aco-connect).`,
  }),
  unreachable: {
    type: problemType('aco-unreachable'),
    title: 'Avaya Cloud Office is unreachable',
    status: 503,
    detail: 'ACO did not answer; no token could be obtained. Try again shortly.',
  },
};

/** ACO's 429 penalty restarts when called during it: at least 30 s unless told otherwise. */
export const retryAfterSeconds = (ms: number | undefined) => String(Math.max(1, Math.ceil((ms ?? 30_000) / 1000)));
