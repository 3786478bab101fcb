import type { Config } from './config.js';
import { RATE_LIMITS, rateLimit } from './http/rate-limit.js';
import type { Logger } from './log.js';
import { createRateLimiters } from './store/rate-limiters.js';

/**
 * The per-client-address limits of the OAuth callback and the CCaaS API, counted in the store's own backend
 * (Redis, PostgreSQL: shared by the replicas; memory for SQLite). Failed attempts have a stricter limit of their own.
 */
export async function createRequestLimits(o: { config: Config; logger: Logger; storeKeyId: string }) {
  const { config, logger } = o;
  const limiters = await createRateLimiters({
    url: config.STORE_URL,
    logger,
    timeoutMs: config.STORE_TIMEOUT_MS,
    scope: o.storeKeyId,
  });
  const oauthLimit = rateLimit({
    name: 'oauth-callback',
    all: await limiters.create('oauth', RATE_LIMITS.oauth),
    failures: await limiters.create('oauth-failures', RATE_LIMITS.oauthFailures),
    isFailure: (status) => status >= 400 && status < 500,
    logger,
  });
  const apiLimit = rateLimit({
    name: 'ccaas-api',
    all: await limiters.create('api', RATE_LIMITS.api),
    failures: await limiters.create('api-auth-failures', RATE_LIMITS.apiAuthFailures),
    isFailure: (status) => status === 401,
    logger,
  });
  return { limiters, oauthLimit, apiLimit };
}
