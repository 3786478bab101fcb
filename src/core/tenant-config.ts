import type { Store } from './ports.js';
import type { TenantId } from './types.js';

/*
 * Per-tenant configuration kept in the store. A tenant never configured gets the deployment's defaults
 * (RECORDING_LICENSED), so a single-workspace deployment behaves as before.
 */

/** Whether the tenant may record: its own entitlement when the operator set one, else the deployment's default. */
export async function tenantRecordingLicensed(
  ctx: { store: Pick<Store, 'tenants'>; recordingLicensed: boolean },
  tenant: TenantId,
): Promise<boolean> {
  const own = await ctx.store.tenants.getEntitlements(tenant);
  return own?.recordingLicensed ?? ctx.recordingLicensed;
}
