import type { Store } from '../core/ports.js';
import type { TenantId } from '../core/types.js';

const KEY = 'slack:acting-admin';

/**
 * The Slack admin who last worked on the connection: notices with nobody acting (authorization lost
 * or lapsing, a broken admin channel) go to them when there is no admin channel to take them.
 */
export async function rememberActingAdmin(store: Store, tenant: TenantId, userId: string): Promise<void> {
  await store.conversations.put(tenant, KEY, userId);
}

export async function lastActingAdmin(store: Store, tenant: TenantId): Promise<string | undefined> {
  const v = await store.conversations.get(tenant, KEY);
  return typeof v === 'string' ? v : undefined;
}
