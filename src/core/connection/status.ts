import { readAuthView } from '../auth-view.js';
import { toFormValues } from '../settings.js';
import { tenantRecordingLicensed } from '../tenant-config.js';
import type { AuditEntry, TenantId } from '../types.js';
import type { StatusView } from '../views.js';
import type { WorkflowContext } from '../workflow-context.js';

/** What is saved, the API Auth Status and (with the CCaaS webhook on) how far delivery got. */
export async function connectionStatus(ctx: WorkflowContext, tenant: TenantId): Promise<StatusView> {
  const [current, auth, delivery, recordingLicensed, lastCheck] = await Promise.all([
    ctx.store.settings.get(tenant),
    readAuthView(ctx, tenant),
    ctx.deliveryStatus?.(tenant),
    tenantRecordingLicensed(ctx, tenant),
    ctx.assist?.lastCheckLine(tenant),
  ]);
  const aco = current ? await ctx.assist?.acoInfo(tenant, auth.authenticated, current.settings) : undefined;
  return {
    tenant,
    current: current ?? null,
    values: toFormValues(current?.settings),
    auth,
    recordingLicensed,
    ...(delivery ? { delivery } : {}),
    ...(aco ? { aco } : {}),
    ...(lastCheck ? { lastCheck } : {}),
  };
}

/** The newest entries of the tenant's history. */
export function connectionHistory(ctx: WorkflowContext, tenant: TenantId, limit = 10): Promise<AuditEntry[]> {
  return ctx.store.audit.list(tenant, limit);
}
