import type { Store } from '../core/ports.js';
import type { TenantId } from '../core/types.js';

/** The workspace's own admin channel (set with /aco-connect admin-channel), under the tenant's conversations. */
export const SLACK_ADMIN_CHANNEL_KEY = 'slack:admin-channel';

/** The workspace's admin channel: its own when set, else the deployment's default (SLACK_ADMIN_CHANNEL). */
export async function adminChannelOf(
  store: Pick<Store, 'conversations'>,
  tenant: TenantId,
  fallback: string | undefined,
): Promise<string | undefined> {
  const own = await store.conversations.get(tenant, SLACK_ADMIN_CHANNEL_KEY);
  return typeof own === 'string' && own !== '' ? own : fallback;
}
