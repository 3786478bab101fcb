import type { AuthStatus } from '../auth-status.js';
import type { Clock, Store } from '../ports.js';
import type { TenantEntitlements } from '../tenant-entitlements.js';
import type { TenantId } from '../types.js';
import { readAuthStatus } from './connection-snapshot.js';

/*
 * The operator's view of the tenants one deployment serves: which exist (in the order they were first seen,
 * so a reader that keeps its cursor finds new installs at the end), their license and state.
 */

export interface DirectoryDeps {
  store: Pick<Store, 'settings' | 'grants' | 'authStatus' | 'tenants'>;
  clock: Clock;
  /** RECORDING_LICENSED: what a tenant never configured gets. */
  recordingLicensed: boolean;
}

export interface TenantSummary {
  tenant: TenantId;
  /** The confirmed settings version; null before the first save. */
  version: number | null;
  auth: AuthStatus;
  recordingLicensed: boolean;
  /** True when the operator set the license for this tenant; false when it is the deployment's default. */
  entitlementsSet: boolean;
}

export interface TenantListing {
  tenants: TenantSummary[];
  /** Index position the next page starts at; absent on the last page. */
  next?: number;
}

export async function tenantSummary(deps: DirectoryDeps, tenant: TenantId): Promise<TenantSummary> {
  const [settings, auth, own] = await Promise.all([
    deps.store.settings.get(tenant),
    readAuthStatus(deps, tenant),
    deps.store.tenants.getEntitlements(tenant),
  ]);
  return {
    tenant,
    version: settings?.version ?? null,
    auth,
    recordingLicensed: own?.recordingLicensed ?? deps.recordingLicensed,
    entitlementsSet: own !== undefined,
  };
}

/**
 * A page of the tenants known from position `from`. With `allowed` (a key limited to some tenants) only those,
 * looked up by their own index positions: never a walk of the whole index.
 */
export async function listTenants(
  deps: DirectoryDeps,
  opts: { from: number; limit: number; allowed?: ReadonlySet<TenantId> },
): Promise<TenantListing> {
  let page: { tenants: TenantId[]; next?: number };
  if (opts.allowed) {
    const placed = await Promise.all(
      [...opts.allowed].map(async (tenant) => ({ tenant, at: await deps.store.tenants.position(tenant) })),
    );
    const ahead = placed
      .filter((p): p is { tenant: TenantId; at: number } => p.at !== undefined && p.at >= opts.from)
      .sort((a, b) => a.at - b.at);
    const taken = ahead.slice(0, opts.limit);
    const last = taken.at(-1);
    page = { tenants: taken.map((p) => p.tenant), ...(ahead.length > opts.limit && last ? { next: last.at + 1 } : {}) };
  } else {
    page = await deps.store.tenants.page(opts.from, opts.limit);
  }
  const tenants = await Promise.all(page.tenants.map((t) => tenantSummary(deps, t)));
  return page.next === undefined ? { tenants } : { tenants, next: page.next };
}

/** The operator sets a tenant's license; the tenant becomes known (listed) if it was not. */
export async function setTenantEntitlements(
  deps: DirectoryDeps,
  tenant: TenantId,
  change: Pick<TenantEntitlements, 'recordingLicensed'>,
): Promise<TenantSummary> {
  const entitlements: TenantEntitlements = {
    recordingLicensed: change.recordingLicensed,
    updatedAt: new Date(deps.clock.now()).toISOString(),
  };
  await deps.store.tenants.putEntitlements(tenant, entitlements);
  await deps.store.tenants.register(tenant);
  return tenantSummary(deps, tenant);
}
