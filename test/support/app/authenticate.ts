import type { Actor, TenantId } from '../../../src/core/types.js';
import { approveConsent, type TestApp } from './start-app.js';

/** Runs the real consent round trip (fake ACO auto-approves) so the tenant holds a grant. */
export async function authenticate(t: TestApp, tenant: TenantId, actor: Actor, draftId?: string): Promise<void> {
  const { url } = await t.app.workflow.beginAuthentication(tenant, actor, { draftId });
  const res = await fetch(await approveConsent(url));
  if (res.status !== 200) throw new Error(`callback answered ${res.status}`);
}
