import type { Logger } from 'pino';
import { describeAuthStatus } from './auth-status.js';
import type { CoreEvent, CoreEvents } from './events.js';
import {
  refreshUnderLock,
  type Attempt,
  type GrantRefreshDeps,
  type LostStatus,
  type MaintainOutcome,
  type RefreshMode,
} from './grant-refresh.js';
import { grantLockKey } from './lock-keys.js';
import { LockTimeoutError, systemClock, type AcoGateway, type Clock, type Store } from './ports.js';
import { RefreshHealthStore } from './refresh-health-store.js';
import {
  accessTokenFresh,
  accessTokenUsable,
  DEFAULT_REFRESH_POLICY,
  owedAlert,
  refreshTokenDue,
  refreshTokenLapsed,
  type RefreshHealth,
  type RefreshPolicy,
} from './refresh-policy.js';
import type { StoredGrant, TenantId } from './types.js';

export type { MaintainOutcome } from './grant-refresh.js';

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

export interface TokenServiceDeps {
  store: Store;
  aco: AcoGateway;
  events: CoreEvents;
  logger: Logger;
  clock?: Clock;
  policy?: Partial<RefreshPolicy>;
  /**
   * The grant lock: lease (renewed while a refresh runs; a dead holder blocks others at most this long,
   * default 6 s) and how long a demand waits for another holder's refresh (default 25 s).
   */
  lock?: { leaseMs?: number; waitMs?: number };
  /** A refresh call to ACO taking longer counts as a transient failure (default 20 s). */
  refreshTimeoutMs?: number;
}

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
  private readonly health: RefreshHealthStore;
  private readonly refresh: GrantRefreshDeps;
  /** Demands of one process for one tenant share one trip to the lock. */
  private readonly inflight = new Map<TenantId, Promise<Attempt>>();
  /** Every attempt under way (demands and keeper), so shutdown can wait for rotated pairs to be stored. */
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: TokenServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.policy = { ...DEFAULT_REFRESH_POLICY, ...deps.policy };
    this.leaseMs = deps.lock?.leaseMs ?? 6_000;
    this.waitMs = deps.lock?.waitMs ?? 25_000;
    this.health = new RefreshHealthStore(deps.store);
    this.refresh = {
      store: deps.store,
      aco: deps.aco,
      logger: deps.logger,
      clock: this.clock,
      policy: this.policy,
      health: this.health,
      // The lease is renewed while the refresh runs, so the refresh may take longer than one lease.
      refreshTimeoutMs: deps.refreshTimeoutMs ?? 20_000,
    };
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
    if (result.lost) throw errorOf(result.lost);
    if (result.outcome === 'absent' || !result.grant) throw await this.noGrant(tenant);
    // Never a token a refresh may have retired: the caller asks again once the refresh is stored.
    if (result.mayBeRetired) {
      throw new AccessTokenError(
        'unavailable',
        'The ACO authorization is being renewed right now and the new access token is not stored yet; ask again in a few seconds.',
        result.retryAfterMs ?? this.leaseMs,
      );
    }
    // A refresh that failed for sure (ACO answered with an error) leaves a usable token until it expires.
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
    const [grant, health] = await Promise.all([this.deps.store.grants.get(tenant), this.health.get(tenant)]);
    if (!grant) return 'absent';
    if (!this.keeperHasWork(grant, health)) return 'fresh';
    return (await this.attempt(tenant, 'keeper', opts.waitMs ?? 1_000)).outcome;
  }

  /** The current failure streak of the tenant's grant, if any (for status views and tests). */
  async refreshHealth(tenant: TenantId): Promise<RefreshHealth | undefined> {
    const [grant, health] = await Promise.all([this.deps.store.grants.get(tenant), this.health.get(tenant)]);
    return grant && health?.grantSince === grant.since ? health : undefined;
  }

  /** Resolves once every refresh under way has finished (and stored what it got); for graceful shutdown. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private keeperHasWork(grant: StoredGrant, health: RefreshHealth | undefined): boolean {
    const now = this.clock.now();
    if (refreshTokenLapsed(grant, now) || refreshTokenDue(grant, now, this.policy)) return true;
    const streak = health?.grantSince === grant.since ? health : undefined;
    return !!streak && (streak.nextAttemptAt <= now || owedAlert(streak, grant, now, this.policy) !== undefined);
  }

  private attempt(tenant: TenantId, mode: RefreshMode, waitMs: number): Promise<Attempt> {
    const p = this.attemptLocked(tenant, mode, waitMs);
    this.running.add(p);
    void p.then(
      () => this.running.delete(p),
      () => this.running.delete(p),
    );
    return p;
  }

  private async attemptLocked(tenant: TenantId, mode: RefreshMode, waitMs: number): Promise<Attempt> {
    const events: CoreEvent[] = [];
    let result: Attempt;
    try {
      result = await this.deps.store.locks.withLock(
        grantLockKey(tenant),
        (lock) => refreshUnderLock(this.refresh, tenant, mode, events, lock),
        { leaseMs: this.leaseMs, waitMs },
      );
    } catch (err) {
      if (!(err instanceof LockTimeoutError)) throw err;
      // Someone else held the grant for all of waitMs. Only a grant that no longer needs a refresh was stored
      // by a refresh that finished; the one we saw before waiting may have been retired at ACO meanwhile.
      const grant = await this.deps.store.grants.get(tenant);
      if (mode === 'demand' && grant && accessTokenFresh(grant, this.clock.now(), this.policy))
        return { outcome: 'fresh', grant };
      return { outcome: 'busy', grant, retryAfterMs: this.leaseMs, mayBeRetired: true };
    }
    // Alerts go out after the lock is released, so a slow chat API never holds up the other replicas.
    for (const event of events) await this.deps.events.emit(event);
    return result;
  }

  private async noGrant(tenant: TenantId): Promise<AccessTokenError> {
    const status = await this.deps.store.authStatus.get(tenant);
    if (status && (status.state === 'revoked' || status.state === 'expired')) return errorOf(status);
    return new AccessTokenError(
      'not_authenticated',
      'ACO is not authenticated for this workspace: an ACO Super Admin must authenticate first.',
    );
  }
}

const toAccessToken = (grant: StoredGrant): AccessToken => ({
  accessToken: grant.tokens.accessToken,
  expiresAt: new Date(grant.tokens.accessTokenExpiresAt).toISOString(),
});

function errorOf(status: LostStatus): AccessTokenError {
  return new AccessTokenError(status.state, describeAuthStatus(status));
}
