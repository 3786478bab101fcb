import type { Request, Response } from 'express';
import type { Clock } from '../../core/ports.js';
import type { ConnectionSnapshot } from '../../core/queries/connection-snapshot.js';
import { AccessTokenError, type AcoTokenService } from '../../core/token-service.js';
import type { TenantId } from '../../core/types.js';
import { sendProblem } from '../../http/problem.js';
import { guardedTenant } from './guard.js';
import { problems, retryAfterSeconds } from './problems.js';

/** The single refresher (`AcoTokenService`); this API never refreshes by itself. */
export type AccessTokenSource = Pick<AcoTokenService, 'getAccessToken'>;

export interface AcoTokenDeps {
  tokens: AccessTokenSource;
  snapshot(tenant: TenantId): Promise<ConnectionSnapshot>;
  clock: Clock;
}

/**
 * POST /api/v1/aco-token: a currently valid ACO access token, straight from the token service, whose errors
 * say why there is none (not authenticated, revoked, lapsed, ACO unreachable).
 */
export function acoTokenRoute(deps: AcoTokenDeps) {
  return async (_req: Request, res: Response) => {
    const tenant = guardedTenant(res);
    let token: Awaited<ReturnType<AccessTokenSource['getAccessToken']>>;
    try {
      token = await deps.tokens.getAccessToken(tenant);
    } catch (err) {
      await sendTokenProblem(deps, res, tenant, err);
      return;
    }
    const expiresAtMs = new Date(token.expiresAt).getTime();
    res.json({
      tenant,
      accessToken: token.accessToken,
      tokenType: 'bearer',
      expiresAt: new Date(expiresAtMs).toISOString(),
      expiresIn: Math.max(0, Math.floor((expiresAtMs - deps.clock.now()) / 1000)),
    });
  };
}

async function sendTokenProblem(
  deps: Pick<AcoTokenDeps, 'snapshot'>,
  res: Response,
  tenant: TenantId,
  err: unknown,
): Promise<void> {
  if (err instanceof AccessTokenError && err.code === 'unavailable') {
    sendProblem(res, problems.unreachable, { 'Retry-After': retryAfterSeconds(err.retryAfterMs) });
  } else if (err instanceof AccessTokenError) {
    // No grant any more (never authenticated, disconnected, revoked or lapsed; the token service has recorded
    // which): the same words as the status views, or that the tenant is unknown.
    const { known, auth } = await deps.snapshot(tenant);
    sendProblem(res, known ? problems.notAuthenticated(tenant, auth) : problems.unknownTenant(tenant));
  } else {
    // The token service turns every ACO failure into an AccessTokenError; anything else is a fault (500).
    throw err;
  }
}
