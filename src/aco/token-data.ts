import type { AuthData } from '@ringcentral/sdk';
import { AcoError } from '../core/ports.js';
import type { AcoTokens } from '../core/types.js';

/** What the platform grants by default; the SDK asks for these again (access_token_ttl, refresh_token_ttl) on refresh. */
export const ACCESS_TOKEN_TTL_SEC = 3600;
export const REFRESH_TOKEN_TTL_SEC = 604_800;

const seconds = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/**
 * The SDK's auth data after a token call → AcoTokens, expiries in epoch ms of the injected clock, counted from
 * `issuedAt` (taken before the request, so they err on the early side).
 */
export function fromAuthData(data: AuthData, issuedAt: number): AcoTokens {
  const expiresIn = seconds(data.expires_in);
  const refreshExpiresIn = seconds(data.refresh_token_expires_in);
  if (!data.access_token || !data.refresh_token || expiresIn === undefined || refreshExpiresIn === undefined) {
    throw new AcoError('server_error', 'ACO token response lacked an access token, a refresh token or their lifetimes');
  }
  const ownerId = (data as { owner_id?: unknown }).owner_id;
  return {
    accessToken: data.access_token,
    refreshToken: data.refresh_token,
    accessTokenExpiresAt: issuedAt + expiresIn * 1000,
    refreshTokenExpiresAt: issuedAt + refreshExpiresIn * 1000,
    tokenType: data.token_type || 'bearer',
    ...(data.scope ? { scope: data.scope } : {}),
    ...(ownerId !== undefined && ownerId !== null && ownerId !== '' ? { ownerId: String(ownerId) } : {}),
  };
}

/**
 * AcoTokens → the SDK's auth data, for `auth().setData()`. The SDK measures expiry with Date.now(), we with the
 * injected clock: the access expiry is carried over as the same remaining time. The refresh expiry handed to the
 * SDK is never in the past, so the SDK never refuses to refresh on its own: ACO judges (and says invalid_grant).
 * expires_in / refresh_token_expires_in are the nominal lifetimes, because the SDK sends them back as the
 * requested TTLs on refresh (the remaining time there would shorten every new token).
 */
export function toAuthData(tokens: AcoTokens, clockNow: number, realNow = Date.now()): AuthData {
  return {
    token_type: tokens.tokenType || 'bearer',
    access_token: tokens.accessToken,
    expires_in: String(ACCESS_TOKEN_TTL_SEC),
    expire_time: realNow + (tokens.accessTokenExpiresAt - clockNow),
    refresh_token: tokens.refreshToken,
    refresh_token_expires_in: String(REFRESH_TOKEN_TTL_SEC),
    refresh_token_expire_time: realNow + Math.max(tokens.refreshTokenExpiresAt - clockNow, 86_400_000),
    ...(tokens.scope ? { scope: tokens.scope } : {}),
    ...(tokens.ownerId ? { owner_id: tokens.ownerId } : {}),
  };
}
