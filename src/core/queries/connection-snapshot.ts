import { NOT_AUTHENTICATED, type AuthStatus } from '../auth-status.js';
import type { Clock, Store } from '../ports.js';
import { LAPSED_REASON } from '../refresh-text.js';
import type { SettingsRecord, StoredGrant, TenantId } from '../types.js';

/** The live API Auth Status: the stored verdict, refined by the grant's own clock. */
export function liveAuthStatus(
  grant: StoredGrant | undefined,
  stored: AuthStatus | undefined,
  now: number,
): AuthStatus {
  if (!grant) return stored && stored.state !== 'authenticated' ? stored : NOT_AUTHENTICATED;
  if (grant.tokens.refreshTokenExpiresAt <= now) {
    return {
      state: 'expired',
      at: new Date(grant.tokens.refreshTokenExpiresAt).toISOString(),
      user: grant.user,
      reason: LAPSED_REASON,
    };
  }
  return {
    state: 'authenticated',
    user: grant.user,
    since: grant.since,
    lastRefreshAt: grant.lastRefreshAt,
    accessTokenExpiresAt: new Date(grant.tokens.accessTokenExpiresAt).toISOString(),
    refreshTokenExpiresAt: new Date(grant.tokens.refreshTokenExpiresAt).toISOString(),
  };
}

export interface SnapshotDeps {
  store: Pick<Store, 'settings' | 'grants' | 'authStatus'>;
  clock: Clock;
}

/** The live API Auth Status of a tenant (one read of the grant and one of the stored verdict). */
export async function readAuthStatus(deps: SnapshotDeps, tenant: TenantId): Promise<AuthStatus> {
  const [grant, stored] = await Promise.all([deps.store.grants.get(tenant), deps.store.authStatus.get(tenant)]);
  return liveAuthStatus(grant, stored, deps.clock.now());
}

/** What is connected for a tenant, read in one go: confirmed settings and the live API Auth Status. */
export interface ConnectionSnapshot {
  /** The confirmed Platform Settings; undefined until a first version is saved. */
  settings?: SettingsRecord;
  auth: AuthStatus;
  /** Whether anything was ever stored for the tenant (confirmed settings or an auth verdict). */
  known: boolean;
}

export async function connectionSnapshot(deps: SnapshotDeps, tenant: TenantId): Promise<ConnectionSnapshot> {
  const { store } = deps;
  const [settings, grant, stored] = await Promise.all([
    store.settings.get(tenant),
    store.grants.get(tenant),
    store.authStatus.get(tenant),
  ]);
  return {
    ...(settings ? { settings } : {}),
    auth: liveAuthStatus(grant, stored, deps.clock.now()),
    known: !!settings || !!stored,
  };
}
