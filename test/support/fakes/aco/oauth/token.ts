import type { IncomingMessage } from 'node:http';
import type { Failures } from '../failures.js';
import type { TokenLifetimes } from '../grants.js';
import { methodNotAllowed, oauthError, readBody } from '../http.js';
import type { AcoState } from '../state.js';
import type { FakeAcoCall, FakeTokenResponse } from '../types.js';
import { authenticateClient } from './client-auth.js';
import { verifierMatches } from './pkce.js';

/*
 * POST /restapi/oauth/token: authorization_code (one-time code, exact redirect URI, PKCE verifier, 60 s) and
 * refresh_token (rotation, see grants.ts), behind client authentication and the rate-limit penalty.
 */

/** Notes the grant type on the call and counts it (also for calls an injected failure answers). */
export function countGrantType(state: AcoState, call: FakeAcoCall, params: URLSearchParams): void {
  call.params = Object.fromEntries(params);
  call.grantType = params.get('grant_type') ?? undefined;
  if (call.grantType === 'refresh_token') state.counts.refresh += 1;
  if (call.grantType === 'authorization_code') state.counts.authorizationCode += 1;
}

export async function handleToken(
  state: AcoState,
  failures: Failures,
  req: IncomingMessage,
  call: FakeAcoCall,
): Promise<FakeTokenResponse> {
  if (req.method !== 'POST') throw methodNotAllowed('POST');
  const params = new URLSearchParams(await readBody(req));
  countGrantType(state, call, params);
  failures.checkPenalty();
  if (!/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
    throw oauthError(
      400,
      'invalid_request',
      'OAU-250',
      'Unsupported Content-Type; use application/x-www-form-urlencoded',
    );
  }
  const client = authenticateClient(state.clients, req, params);
  call.clientId = client.clientId;
  const ttls: TokenLifetimes = {
    access: ttlParam(params.get('access_token_ttl') ?? undefined, 600, state.accessTtlSec),
    refresh: ttlParam(params.get('refresh_token_ttl') ?? undefined, 0, state.refreshTtlSec),
  };
  switch (params.get('grant_type')) {
    case 'authorization_code':
      return exchangeCode(state, client.clientId, params, ttls);
    case 'refresh_token':
      return refresh(state, client.clientId, params, ttls);
    case null:
    case '':
      throw oauthError(400, 'invalid_request', 'OAU-250', 'Parameter [grant_type] is required');
    default:
      throw oauthError(400, 'unsupported_grant_type', 'OAU-251', 'Unsupported grant type');
  }
}

function exchangeCode(state: AcoState, clientId: string, params: URLSearchParams, ttls: TokenLifetimes) {
  const now = state.clock.now();
  const code = params.get('code') ?? '';
  const entry = state.codes.get(code);
  if (!code || !entry || entry.clientId !== clientId) {
    throw oauthError(400, 'invalid_grant', 'OAU-109', 'Authorization code is invalid');
  }
  if (entry.usedAt !== undefined)
    throw oauthError(400, 'invalid_grant', 'OAU-109', 'Authorization code has already been used');
  if (now - entry.issuedAt > state.codeTtlMs)
    throw oauthError(400, 'invalid_grant', 'OAU-210', 'Authorization code has expired');
  if (params.get('redirect_uri') !== entry.redirectUri) {
    throw oauthError(
      400,
      'invalid_grant',
      'OAU-116',
      'Parameter [redirect_uri] does not match the one used in the authorization request',
    );
  }
  const verifier = params.get('code_verifier');
  if (!verifier) throw oauthError(400, 'invalid_grant', 'OAU-140', 'Code verifier required');
  if (!verifierMatches(verifier, entry.codeChallenge)) {
    throw oauthError(400, 'invalid_grant', 'OAU-141', 'Code verifier does not match the code challenge');
  }
  entry.usedAt = now;
  const grant = state.grants.create(
    { clientId, userId: entry.userId, brandId: entry.brandId, scope: state.scopeOf(clientId) },
    ttls,
  );
  return state.grants.response(grant.current);
}

function refresh(state: AcoState, clientId: string, params: URLSearchParams, ttls: TokenLifetimes) {
  const rt = params.get('refresh_token') ?? '';
  const pair = state.grants.byRefreshToken(rt);
  if (!rt || !pair) throw oauthError(400, 'invalid_grant', 'OAU-213', 'Token not found');
  const grant = pair.grant;
  if (grant.clientId !== clientId) throw oauthError(400, 'invalid_grant', 'OAU-213', 'Token not found');
  if (grant.revokedAt !== undefined) throw oauthError(400, 'invalid_grant', 'OAU-211', 'Token is revoked');
  if (state.clock.now() >= pair.refreshExpiresAt) throw oauthError(400, 'invalid_grant', 'OAU-210', 'Token expired');
  const next = state.grants.refresh(pair, ttls);
  if (!next) throw oauthError(400, 'invalid_grant', 'OAU-211', 'Token is revoked');
  state.counts.refreshSucceeded += 1;
  return state.grants.response(next);
}

/** TTL parameters the platform honours on the token endpoint (access 600..max, refresh ≤ max). */
function ttlParam(raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) return undefined;
  return Math.min(max, Math.max(min, Math.floor(n)));
}
