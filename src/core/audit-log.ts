import { randomUUID } from 'node:crypto';
import type { Clock, Store } from './ports.js';
import type { AuditEntry, TenantId } from './types.js';

/** Appends one entry to the tenant's history, stamped with a fresh id and the clock's time. */
export async function appendAudit(
  deps: { store: Pick<Store, 'audit'>; clock: Clock },
  tenant: TenantId,
  entry: Omit<AuditEntry, 'id' | 'at'>,
): Promise<void> {
  await deps.store.audit.append(tenant, { id: randomUUID(), at: new Date(deps.clock.now()).toISOString(), ...entry });
}
