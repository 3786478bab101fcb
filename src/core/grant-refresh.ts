import type { Logger } from 'pino';
import { appendAudit } from './audit-log.js';
import { describeAuthStatus, type AuthStatus } from './auth-status.js';
import type { CoreEvent } from './events.js';
import { AcoError, LockLostError, type AcoGateway, type Clock, type HeldLock, type Store } from './ports.js';
import type { RefreshHealthStore } from './refresh-health-store.js';
import {
  accessTokenFresh,
  afterFailure,
  markAlerted,
  owedAlert,
  refreshTokenDue,
  refreshTokenLapsed,
  type RefreshHealth,
  type RefreshPolicy,
} from './refresh-policy.js';
import { EXPIRED_AT_ACO_REASON, LAPSED_REASON, refreshAlertMessage, REVOKED_REASON } from './refresh-text.js';
import { minuteUtc } from './time-format.js';
import type { AcoTokens, StoredGrant, TenantId } from './types.js';

/*
 * One refresh of a tenant's grant, run by whoever holds the tenant's grant lock (AcoTokenService takes it):
 * re-read the grant, decide whether a refresh is due, call ACO, store the rotated pair before anything uses
 * it, and keep the failure streak and its alerts. Alerts are queued in `events` for after the lock.
 */

export type MaintainOutcome =
  /** Nothing was due. */
  | 'fresh'
  | 'refreshed'
  /** A failure streak is waiting out its backoff (Retry-After). */
  | 'backing_off'
  /** This attempt failed transiently; tokens kept. */
  | 'failed'
  /** The grant is gone for good (revoked, expired): status flipped, alert sent. */
  | 'lost'
  /** Another process holds the tenant's lock: it is doing the work. */
  | 'busy'
  | 'absent';

/** Who asks: a request that needs an access token now, or the keeper's background pass. */
export type RefreshMode = 'demand' | 'keeper';

export type LostStatus = Extract<AuthStatus, { state: 'revoked' | 'expired' }>;

export interface Attempt {
  outcome: MaintainOutcome;
  grant?: StoredGrant;
  /** For `lost`: the status the tenant is left in. */
  lost?: LostStatus;
  retryAfterMs?: number;
  /**
   * The stored access token may be dead although not expired: a refresh may have reached ACO (which retires
   * the old access token at once) without its result being stored, by this process or another.
   */
  mayBeRetired?: boolean;
}

export interface GrantRefreshDeps {
  store: Store;
  aco: AcoGateway;
  logger: Logger;
  clock: Clock;
  policy: RefreshPolicy;
  health: RefreshHealthStore;
  /** A refresh call to ACO taking longer counts as a transient failure. */
  refreshTimeoutMs: number;
}

export async function refreshUnderLock(
  deps: GrantRefreshDeps,
  tenant: TenantId,
  mode: RefreshMode,
  events: CoreEvent[],
  lock: HeldLock,
): Promise<Attempt> {
  const now = deps.clock.now();
  const grant = await deps.store.grants.get(tenant);
  if (!grant) return { outcome: 'absent' };
  if (refreshTokenLapsed(grant, now)) {
    const cause = `No refresh succeeded before the refresh token ran out (${minuteUtc(grant.tokens.refreshTokenExpiresAt)}).`;
    return lose(deps, tenant, grant, { state: 'expired', reason: LAPSED_REASON, cause }, events);
  }

  const stored = await deps.health.get(tenant);
  const health = stored?.grantSince === grant.since ? stored : undefined;
  const needed =
    mode === 'demand'
      ? !accessTokenFresh(grant, now, deps.policy)
      : refreshTokenDue(grant, now, deps.policy) || !!health;
  if (!needed) return { outcome: 'fresh', grant };

  if (health && health.nextAttemptAt > now) {
    // Sending during a rate-limit penalty restarts it: wait, but still say what the streak owes.
    await sendOwedAlert(deps, tenant, grant, health, now, events, false);
    return { outcome: 'backing_off', grant, retryAfterMs: health.nextAttemptAt - now };
  }

  // The lock may have gone while we read (a lease that could not be renewed, a lock connection that died):
  // then another process may be refreshing this very grant, and a second refresh would kill its pair.
  if (lock.lost) return lockLost(deps, tenant, mode, grant, 'before the refresh');

  let tokens: AcoTokens;
  try {
    tokens = await refreshWithTimeout(deps, grant.tokens);
  } catch (err) {
    return refreshFailed(deps, { tenant, mode, grant, health, now }, err, events);
  }
  return keepRefreshed(deps, { tenant, mode, grant, health, now }, tokens, lock);
}

interface Situation {
  tenant: TenantId;
  mode: RefreshMode;
  grant: StoredGrant;
  /** The grant's current failure streak, if any. */
  health: RefreshHealth | undefined;
  /** When the refresh request left. */
  now: number;
}

/**
 * The grant lock was lost mid-work: another process may hold it and refresh with the same refresh token, so
 * nothing is written (its later refresh is the pair ACO keeps); whoever asked gets 503 and asks again.
 */
function lockLost(
  deps: GrantRefreshDeps,
  tenant: TenantId,
  mode: RefreshMode,
  grant: StoredGrant,
  when: string,
): Attempt {
  deps.logger.warn({ tenant, mode }, `grant lock lost ${when}; nothing stored, another holder's refresh wins`);
  return { outcome: 'busy', grant, retryAfterMs: 5_000, mayBeRetired: true };
}

async function keepRefreshed(
  deps: GrantRefreshDeps,
  s: Situation,
  tokens: AcoTokens,
  lock: HeldLock,
): Promise<Attempt> {
  // Stamped with the time the request left, as the gateway dates the new tokens' lifetimes.
  const refreshed: StoredGrant = { ...s.grant, tokens, lastRefreshAt: new Date(s.now).toISOString() };
  try {
    // Fenced: written only while the grant lock still holds, checked by the store in the same step.
    await deps.store.grants.put(s.tenant, refreshed, lock);
  } catch (err) {
    if (err instanceof LockLostError)
      return lockLost(deps, s.tenant, s.mode, s.grant, 'before the rotated tokens were stored');
    throw err;
  }
  deps.logger.info(
    { tenant: s.tenant, mode: s.mode, refreshTokenExpiresAt: new Date(tokens.refreshTokenExpiresAt).toISOString() },
    'ACO tokens refreshed',
  );
  if (s.health) {
    await deps.health.clear(s.tenant);
    // Routine refreshes are not audited (hourly noise); the end of a failure streak is worth a line.
    await appendAudit(deps, s.tenant, {
      action: 'auth.refreshed',
      summary: `ACO token refresh works again after ${s.health.failures} failed attempt(s) (last: ${s.health.lastError})`,
    });
  }
  return { outcome: 'refreshed', grant: refreshed };
}

/** invalid_grant loses the grant for good; anything else extends the streak and keeps the tokens. */
async function refreshFailed(
  deps: GrantRefreshDeps,
  s: Situation,
  err: unknown,
  events: CoreEvent[],
): Promise<Attempt> {
  if (err instanceof AcoError && err.kind === 'invalid_grant') {
    const expired = err.details.errorCode === 'OAU-210' || /expired/i.test(err.message);
    const cause = `ACO answered the token refresh with invalid_grant${err.details.errorCode ? ` (${err.details.errorCode})` : ''}.`;
    return lose(
      deps,
      s.tenant,
      s.grant,
      expired
        ? { state: 'expired', reason: EXPIRED_AT_ACO_REASON, cause }
        : { state: 'revoked', reason: REVOKED_REASON, cause },
      events,
    );
  }
  const failure = describeFailure(err);
  const health = afterFailure(s.health, s.grant, s.now, failure, deps.policy);
  deps.logger.warn(
    {
      tenant: s.tenant,
      mode: s.mode,
      error: failure.label,
      failures: health.failures,
      retryInMs: health.nextAttemptAt - s.now,
    },
    'ACO token refresh failed; stored tokens kept, retrying after backoff',
  );
  await sendOwedAlert(deps, s.tenant, s.grant, health, s.now, events, true);
  // No answer (a timeout, a dropped connection): ACO may have rotated the pair all the same.
  const mayBeRetired = err instanceof AcoError && err.kind === 'unreachable';
  return { outcome: 'failed', grant: s.grant, retryAfterMs: health.nextAttemptAt - s.now, mayBeRetired };
}

/** Saves the streak (when changed or an alert is marked) and queues the alert it owes, if any. */
async function sendOwedAlert(
  deps: GrantRefreshDeps,
  tenant: TenantId,
  grant: StoredGrant,
  health: RefreshHealth,
  now: number,
  events: CoreEvent[],
  changed: boolean,
): Promise<void> {
  const alert = owedAlert(health, grant, now, deps.policy);
  if (alert || changed) await deps.health.put(tenant, alert ? markAlerted(health, alert, now) : health);
  if (!alert) return;
  deps.logger.warn({ tenant, alert, failures: health.failures, error: health.lastError }, 'ACO authorization at risk');
  events.push({
    type: 'auth.expiring',
    tenant,
    refreshTokenExpiresAt: new Date(grant.tokens.refreshTokenExpiresAt).toISOString(),
    message: refreshAlertMessage(alert, health),
  });
}

/** Re-authentication needed: record the verdict, drop the tokens, one alert (only the lock holder gets here). */
async function lose(
  deps: GrantRefreshDeps,
  tenant: TenantId,
  grant: StoredGrant,
  /** `cause` says what happened, for the notice (which shows the status line next to it). */
  why: { state: LostStatus['state']; reason: string; cause: string },
  events: CoreEvent[],
): Promise<Attempt> {
  const at =
    why.state === 'expired' && refreshTokenLapsed(grant, deps.clock.now())
      ? grant.tokens.refreshTokenExpiresAt
      : deps.clock.now();
  const status: LostStatus = { state: why.state, at: new Date(at).toISOString(), user: grant.user, reason: why.reason };
  await deps.store.authStatus.put(tenant, status);
  await deps.store.grants.delete(tenant);
  await deps.health.clear(tenant);
  await appendAudit(deps, tenant, { action: 'auth.lost', summary: `${describeAuthStatus(status)} ${why.cause}` });
  deps.logger.error({ tenant, state: why.state }, 'ACO authorization lost; re-authentication needed');
  events.push({ type: 'auth.lost', tenant, status, message: why.cause });
  return { outcome: 'lost', lost: status };
}

async function refreshWithTimeout(deps: GrantRefreshDeps, tokens: AcoTokens): Promise<AcoTokens> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new AcoError('unreachable', `ACO did not answer the token refresh within ${deps.refreshTimeoutMs} ms`)),
      deps.refreshTimeoutMs,
    );
  });
  try {
    return await Promise.race([deps.aco.refresh(tokens), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kind and status only: ACO bodies and SDK messages may echo request data. */
function describeFailure(err: unknown): { label: string; retryAfterMs?: number } {
  if (err instanceof AcoError) {
    return {
      label: err.details.status ? `${err.kind} (HTTP ${err.details.status})` : err.kind,
      retryAfterMs: err.details.retryAfterMs,
    };
  }
  return { label: 'unexpected error' };
}
