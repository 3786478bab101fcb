import { randomUUID } from 'node:crypto';
import type { Keyv } from 'keyv';
import type { Logger } from 'pino';
import { describeAuthStatus, type AuthStatus } from './auth-status.js';
import type { CoreEvent, CoreEvents } from './events.js';
import { AcoError, LockTimeoutError, systemClock, type AcoGateway, type Clock, type Store } from './ports.js';
import {
  accessTokenFresh,
  accessTokenUsable,
  afterFailure,
  DEFAULT_REFRESH_POLICY,
  markAlerted,
  owedAlert,
  refreshTokenDue,
  refreshTokenLapsed,
  RefreshHealthSchema,
  type RefreshAlert,
  type RefreshHealth,
  type RefreshPolicy,
} from './refresh-policy.js';
import type { AcoTokens, StoredGrant, TenantId } from './types.js';
import { grantLockKey } from './workflow.js';

export type AccessTokenErrorCode = 'not_authenticated' | 'revoked' | 'expired' | 'unavailable';

/** Why no access token can be had; the message is safe to show an admin (no token, no ACO body). */
export class AccessTokenError extends Error {
  constructor(
    readonly code: AccessTokenErrorCode,
    message: string,
    /** For `unavailable`: when asking again makes sense. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'AccessTokenError';
  }
}

export interface AccessToken {
  accessToken: string;
  /** ISO time the access token stops working. */
  expiresAt: string;
}

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

export interface TokenServiceDeps {
  store: Store;
  aco: AcoGateway;
  events: CoreEvents;
  logger: Logger;
  clock?: Clock;
  policy?: Partial<RefreshPolicy>;
  /** The grant lock: lease (a dead holder blocks others at most this long) and how long a demand waits. */
  lock?: { leaseMs?: number; waitMs?: number };
  /** A refresh call to ACO taking longer counts as a transient failure; keep it below the lease. */
  refreshTimeoutMs?: number;
}

type Attempt = { outcome: MaintainOutcome; grant?: StoredGrant; error?: AccessTokenError; retryAfterMs?: number };

const LAPSED = 'The ACO authorization was unused for 7 days and lapsed.';
const REVOKED =
  'ACO no longer accepts the stored authorization (revoked at ACO, or the Super Admin’s password changed).';
const EXPIRED_AT_ACO = 'ACO reports the stored authorization as expired.';
const minute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The one way to an ACO access token. Refreshes happen under the tenant's grant lock (shared by every replica
 * through the store), re-read the grant once the lock is held, and store the rotated pair before anything
 * uses it: ACO refresh tokens are single use, so two refreshers would lose the authorization.
 */
export class AcoTokenService {
  private readonly clock: Clock;
  private readonly policy: RefreshPolicy;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly refreshTimeoutMs: number;
  private readonly healthKv: Keyv;
  /** Demands of one process for one tenant share one trip to the lock. */
  private readonly inflight = new Map<TenantId, Promise<Attempt>>();
  /** Every attempt under way (demands and keeper), so shutdown can wait for rotated pairs to be stored. */
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: TokenServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.policy = { ...DEFAULT_REFRESH_POLICY, ...deps.policy };
    this.leaseMs = deps.lock?.leaseMs ?? 30_000;
    this.waitMs = deps.lock?.waitMs ?? 30_000;
    this.refreshTimeoutMs = deps.refreshTimeoutMs ?? Math.min(20_000, Math.max(1_000, this.leaseMs - 5_000));
    this.healthKv = deps.store.keyv('auth-health');
  }

  /** A valid access token, refreshed first when it is within the margin of expiry. */
  async getAccessToken(tenant: TenantId): Promise<AccessToken> {
    const grant = await this.deps.store.grants.get(tenant);
    if (!grant) throw await this.noGrant(tenant);
    if (accessTokenFresh(grant, this.clock.now(), this.policy)) return toAccessToken(grant);

    let pending = this.inflight.get(tenant);
    if (!pending) {
      pending = this.attempt(tenant, 'demand', this.waitMs).finally(() => this.inflight.delete(tenant));
      this.inflight.set(tenant, pending);
    }
    const result = await pending;
    if (result.error) throw result.error;
    if (result.outcome === 'absent' || !result.grant) throw await this.noGrant(tenant);
    // A failed or postponed refresh still leaves a usable token until it actually expires.
    if (accessTokenUsable(result.grant, this.clock.now())) return toAccessToken(result.grant);
    throw new AccessTokenError(
      'unavailable',
      'Avaya Cloud Office cannot be reached to renew the authorization right now; the stored authorization is kept and retried.',
      result.retryAfterMs,
    );
  }

  /**
   * The keeper's pass over one tenant: refresh when the refresh token nears its end, retry a failure streak
   * once its backoff is over, send alerts the streak owes, discard a lapsed grant. Skips a busy tenant.
   */
  async maintain(tenant: TenantId, opts: { waitMs?: number } = {}): Promise<MaintainOutcome> {
    const [grant, health] = await Promise.all([this.deps.store.grants.get(tenant), this.readHealth(tenant)]);
    if (!grant) return 'absent';
    if (!this.keeperHasWork(grant, health)) return 'fresh';
    return (await this.attempt(tenant, 'keeper', opts.waitMs ?? 1_000)).outcome;
  }

  /** The current failure streak of the tenant's grant, if any (for status views and tests). */
  async refreshHealth(tenant: TenantId): Promise<RefreshHealth | undefined> {
    const [grant, health] = await Promise.all([this.deps.store.grants.get(tenant), this.readHealth(tenant)]);
    return grant && health?.grantSince === grant.since ? health : undefined;
  }

  private keeperHasWork(grant: StoredGrant, health: RefreshHealth | undefined): boolean {
    const now = this.clock.now();
    if (refreshTokenLapsed(grant, now) || refreshTokenDue(grant, now, this.policy)) return true;
    const streak = health?.grantSince === grant.since ? health : undefined;
    return !!streak && (streak.nextAttemptAt <= now || owedAlert(streak, grant, now, this.policy) !== undefined);
  }

  /** Resolves once every refresh under way has finished (and stored what it got); for graceful shutdown. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private attempt(tenant: TenantId, mode: 'demand' | 'keeper', waitMs: number): Promise<Attempt> {
    const p = this.attemptLocked(tenant, mode, waitMs);
    this.running.add(p);
    void p.then(
      () => this.running.delete(p),
      () => this.running.delete(p),
    );
    return p;
  }

  private async attemptLocked(tenant: TenantId, mode: 'demand' | 'keeper', waitMs: number): Promise<Attempt> {
    const events: CoreEvent[] = [];
    let result: Attempt;
    try {
      result = await this.deps.store.locks.withLock(grantLockKey(tenant), () => this.underLock(tenant, mode, events), {
        leaseMs: this.leaseMs,
        waitMs,
      });
    } catch (err) {
      if (!(err instanceof LockTimeoutError)) throw err;
      // Someone else held the grant for all of waitMs: maybe they refreshed it meanwhile.
      const grant = await this.deps.store.grants.get(tenant);
      if (mode === 'demand' && grant && accessTokenFresh(grant, this.clock.now(), this.policy))
        return { outcome: 'fresh', grant };
      return { outcome: 'busy', grant, retryAfterMs: 1_000 };
    }
    // Alerts go out after the lock is released, so a slow chat API never holds up the other replicas.
    for (const event of events) await this.deps.events.emit(event);
    return result;
  }

  private async underLock(tenant: TenantId, mode: 'demand' | 'keeper', events: CoreEvent[]): Promise<Attempt> {
    const now = this.clock.now();
    const grant = await this.deps.store.grants.get(tenant);
    if (!grant) return { outcome: 'absent' };
    if (refreshTokenLapsed(grant, now)) {
      const cause = `No refresh succeeded before the refresh token ran out (${minute(grant.tokens.refreshTokenExpiresAt)}).`;
      return this.lose(tenant, grant, 'expired', LAPSED, cause, events);
    }

    const stored = await this.readHealth(tenant);
    let health = stored?.grantSince === grant.since ? stored : undefined;
    const needed =
      mode === 'demand'
        ? !accessTokenFresh(grant, now, this.policy)
        : refreshTokenDue(grant, now, this.policy) || !!health;
    if (!needed) return { outcome: 'fresh', grant };

    if (health && health.nextAttemptAt > now) {
      // Sending during a rate-limit penalty restarts it: wait, but still say what the streak owes.
      await this.sendOwedAlert(tenant, grant, health, now, events, false);
      return { outcome: 'backing_off', grant, retryAfterMs: health.nextAttemptAt - now };
    }

    let tokens: AcoTokens;
    try {
      tokens = await this.refreshWithTimeout(grant.tokens);
    } catch (err) {
      if (err instanceof AcoError && err.kind === 'invalid_grant') {
        const expired = err.details.errorCode === 'OAU-210' || /expired/i.test(err.message);
        const cause = `ACO answered the token refresh with invalid_grant${err.details.errorCode ? ` (${err.details.errorCode})` : ''}.`;
        return this.lose(
          tenant,
          grant,
          expired ? 'expired' : 'revoked',
          expired ? EXPIRED_AT_ACO : REVOKED,
          cause,
          events,
        );
      }
      const failure = describeFailure(err);
      health = afterFailure(health, grant, now, failure, this.policy);
      this.deps.logger.warn(
        { tenant, mode, error: failure.label, failures: health.failures, retryInMs: health.nextAttemptAt - now },
        'ACO token refresh failed; stored tokens kept, retrying after backoff',
      );
      await this.sendOwedAlert(tenant, grant, health, now, events, true);
      return { outcome: 'failed', grant, retryAfterMs: health.nextAttemptAt - now };
    }

    // Stamped with the time the request left, as the gateway dates the new tokens' lifetimes.
    const refreshed: StoredGrant = { ...grant, tokens, lastRefreshAt: new Date(now).toISOString() };
    await this.deps.store.grants.put(tenant, refreshed);
    this.deps.logger.info(
      { tenant, mode, refreshTokenExpiresAt: new Date(tokens.refreshTokenExpiresAt).toISOString() },
      'ACO tokens refreshed',
    );
    if (health) {
      await this.healthKv.delete(tenant);
      // Routine refreshes are not audited (hourly noise); the end of a failure streak is worth a line.
      await this.audit(
        tenant,
        'auth.refreshed',
        `ACO token refresh works again after ${health.failures} failed attempt(s) (last: ${health.lastError})`,
      );
    }
    return { outcome: 'refreshed', grant: refreshed };
  }

  /** Saves the streak (when changed or an alert is marked) and queues the alert it owes, if any. */
  private async sendOwedAlert(
    tenant: TenantId,
    grant: StoredGrant,
    health: RefreshHealth,
    now: number,
    events: CoreEvent[],
    changed: boolean,
  ) {
    const alert = owedAlert(health, grant, now, this.policy);
    if (alert || changed) await this.healthKv.set(tenant, alert ? markAlerted(health, alert, now) : health);
    if (!alert) return;
    const message = alertMessage(alert, health);
    this.deps.logger.warn(
      { tenant, alert, failures: health.failures, error: health.lastError },
      'ACO authorization at risk',
    );
    events.push({
      type: 'auth.expiring',
      tenant,
      refreshTokenExpiresAt: new Date(grant.tokens.refreshTokenExpiresAt).toISOString(),
      message,
    });
  }

  /** Re-authentication needed: record the verdict, drop the tokens, one alert (only the lock holder gets here). */
  private async lose(
    tenant: TenantId,
    grant: StoredGrant,
    state: 'revoked' | 'expired',
    reason: string,
    /** What happened, for the notice (which shows the status line next to it). */
    cause: string,
    events: CoreEvent[],
  ): Promise<Attempt> {
    const at =
      state === 'expired' && refreshTokenLapsed(grant, this.clock.now())
        ? grant.tokens.refreshTokenExpiresAt
        : this.clock.now();
    const status = { state, at: new Date(at).toISOString(), user: grant.user, reason } satisfies AuthStatus;
    await this.deps.store.authStatus.put(tenant, status);
    await this.deps.store.grants.delete(tenant);
    await this.healthKv.delete(tenant);
    await this.audit(tenant, 'auth.lost', `${describeAuthStatus(status)} ${cause}`);
    this.deps.logger.error({ tenant, state }, 'ACO authorization lost; re-authentication needed');
    events.push({ type: 'auth.lost', tenant, status, message: cause });
    return { outcome: 'lost', error: errorOf(status) };
  }

  private async noGrant(tenant: TenantId): Promise<AccessTokenError> {
    const status = await this.deps.store.authStatus.get(tenant);
    if (status && (status.state === 'revoked' || status.state === 'expired')) return errorOf(status);
    return new AccessTokenError(
      'not_authenticated',
      'ACO is not authenticated for this workspace: an ACO Super Admin must authenticate first.',
    );
  }

  private async refreshWithTimeout(tokens: AcoTokens): Promise<AcoTokens> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new AcoError('unreachable', `ACO did not answer the token refresh within ${this.refreshTimeoutMs} ms`),
          ),
        this.refreshTimeoutMs,
      );
    });
    try {
      return await Promise.race([this.deps.aco.refresh(tokens), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async readHealth(tenant: TenantId): Promise<RefreshHealth | undefined> {
    const raw: unknown = await this.healthKv.get(tenant);
    if (raw === undefined) return undefined;
    const parsed = RefreshHealthSchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  private async audit(tenant: TenantId, action: 'auth.lost' | 'auth.refreshed', summary: string): Promise<void> {
    await this.deps.store.audit.append(tenant, {
      id: randomUUID(),
      at: new Date(this.clock.now()).toISOString(),
      action,
      summary,
    });
  }
}

const toAccessToken = (grant: StoredGrant): AccessToken => ({
  accessToken: grant.tokens.accessToken,
  expiresAt: new Date(grant.tokens.accessTokenExpiresAt).toISOString(),
});

function errorOf(status: Extract<AuthStatus, { state: 'revoked' | 'expired' }>): AccessTokenError {
  return new AccessTokenError(status.state, describeAuthStatus(status));
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

function alertMessage(alert: RefreshAlert, health: RefreshHealth): string {
  // Adapters show the refresh token's end date next to this text, so it is not repeated here.
  const since = minute(health.firstFailureAt);
  return alert === 'expiring'
    ? `Refreshes have failed since ${since} (${health.lastError}); unless one succeeds in time, an ACO Super Admin must re-authenticate. Re-authenticating now avoids the gap.`
    : `Renewing the ACO authorization has failed since ${since} (${health.lastError}). The stored authorization is kept and retried; nothing is lost yet.`;
}
