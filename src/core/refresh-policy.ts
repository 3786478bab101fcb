import { z } from 'zod';
import type { StoredGrant } from './types.js';

/*
 * When to refresh ACO tokens, how long to back off after a failure, and when a failing streak deserves an
 * alert. Pure functions of the grant, the failure record and the time, so the rules are tested without I/O.
 */

export interface RefreshPolicy {
  /** Refresh on demand when the access token has less than this left (ACO access tokens live 1 h). */
  accessMarginMs: number;
  /** The keeper refreshes when the refresh token has less than this left (ACO refresh tokens live 7 days). */
  refreshTokenMarginMs: number;
  /** Never retry sooner than this after a failure (ACO asks for ≥ 30 s after a 429 without Retry-After). */
  minBackoffMs: number;
  /** Exponential backoff stops growing here (a Retry-After may still ask for longer). */
  maxBackoffMs: number;
  /** Transient failures this long in a row raise one alert. */
  alertAfterMs: number;
  /** A refresh token this close to its end while refreshes fail raises the early warning. */
  warnBeforeMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEFAULT_REFRESH_POLICY: RefreshPolicy = {
  accessMarginMs: 5 * MINUTE,
  refreshTokenMarginMs: 5 * DAY,
  minBackoffMs: 30_000,
  maxBackoffMs: 15 * MINUTE,
  alertAfterMs: HOUR,
  warnBeforeMs: 2 * DAY,
};

/** A streak of failed refreshes of one grant; shared by every replica through the store, gone on success. */
export const RefreshHealthSchema = z.object({
  /** `since` of the grant that failed: a new grant (re-authentication) starts with a clean record. */
  grantSince: z.string(),
  failures: z.number().int().positive(),
  firstFailureAt: z.number(),
  lastFailureAt: z.number(),
  /** No refresh is sent to ACO before this (epoch ms): honours Retry-After across replicas. */
  nextAttemptAt: z.number(),
  /** Kind and HTTP status of the last failure; never a token or an ACO message body. */
  lastError: z.string(),
  /** When the persisting-failure alert went out (once per streak). */
  alertedAt: z.number().optional(),
  /** When the early warning went out (once per streak). */
  warnedAt: z.number().optional(),
});
export type RefreshHealth = z.infer<typeof RefreshHealthSchema>;

export type RefreshAlert = 'persisting' | 'expiring';

export const accessTokenFresh = (grant: StoredGrant, now: number, policy: RefreshPolicy) =>
  grant.tokens.accessTokenExpiresAt - now > policy.accessMarginMs;

export const accessTokenUsable = (grant: StoredGrant, now: number) => grant.tokens.accessTokenExpiresAt > now;

export const refreshTokenLapsed = (grant: StoredGrant, now: number) => grant.tokens.refreshTokenExpiresAt <= now;

/**
 * The keeper refreshes an idle grant once the refresh token is down to the margin, or to 5/7 of its own
 * lifetime when ACO hands out shorter ones, so there are days left to ride out an outage.
 */
export function refreshTokenDue(grant: StoredGrant, now: number, policy: RefreshPolicy): boolean {
  const issuedAt = Date.parse(grant.lastRefreshAt ?? grant.since);
  const lifetime = grant.tokens.refreshTokenExpiresAt - (Number.isNaN(issuedAt) ? now : issuedAt);
  const margin = Math.min(policy.refreshTokenMarginMs, Math.max(0, (lifetime * 5) / 7));
  return grant.tokens.refreshTokenExpiresAt - now <= margin;
}

/** Not sooner than the minimum, not sooner than Retry-After; doubling from the minimum up to the cap. */
export function backoffMs(failures: number, retryAfterMs: number | undefined, policy: RefreshPolicy): number {
  const exponential = Math.min(policy.maxBackoffMs, policy.minBackoffMs * 2 ** Math.min(failures - 1, 20));
  return Math.max(policy.minBackoffMs, retryAfterMs ?? exponential);
}

/** Which alert (if any) is owed now for this streak; each kind goes out once per streak. */
export function owedAlert(
  health: RefreshHealth,
  grant: StoredGrant,
  now: number,
  policy: RefreshPolicy,
): RefreshAlert | undefined {
  if (health.warnedAt === undefined && grant.tokens.refreshTokenExpiresAt - now <= policy.warnBeforeMs)
    return 'expiring';
  if (
    health.alertedAt === undefined &&
    health.warnedAt === undefined &&
    now - health.firstFailureAt >= policy.alertAfterMs
  ) {
    return 'persisting';
  }
  return undefined;
}

/** Marks an alert as sent; the early warning also covers the persisting-failure alert. */
export function markAlerted(health: RefreshHealth, alert: RefreshAlert, now: number): RefreshHealth {
  return alert === 'expiring'
    ? { ...health, warnedAt: now, alertedAt: health.alertedAt ?? now }
    : { ...health, alertedAt: now };
}

/** The streak after one more failure: when to try again. */
export function afterFailure(
  previous: RefreshHealth | undefined,
  grant: StoredGrant,
  now: number,
  failure: { label: string; retryAfterMs?: number },
  policy: RefreshPolicy,
): RefreshHealth {
  const failures = (previous?.failures ?? 0) + 1;
  let nextAttemptAt = now + backoffMs(failures, failure.retryAfterMs, policy);
  // A long Retry-After must not sleep through the end of the refresh token: one last try before it lapses.
  const lastChance = grant.tokens.refreshTokenExpiresAt - policy.minBackoffMs;
  if (nextAttemptAt > lastChance) nextAttemptAt = Math.max(now + policy.minBackoffMs, lastChance);
  return {
    grantSince: grant.since,
    failures,
    firstFailureAt: previous?.firstFailureAt ?? now,
    lastFailureAt: now,
    nextAttemptAt,
    lastError: failure.label,
    alertedAt: previous?.alertedAt,
    warnedAt: previous?.warnedAt,
  };
}
