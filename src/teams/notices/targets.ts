import type { TenantId } from '../../core/types.js';
import {
  ADMIN_CHANNEL_KEY,
  LAST_CONVERSATION_KEY,
  channelRoot,
  parseReference,
  type StoredReference,
} from '../conversation-refs.js';
import type { TeamsDeps } from '../deps.js';

/**
 * Where a tenant's notices go: the admin channel; for news nobody is watching a card for (authorization
 * lost or lapsing), the conversation an admin last used when no admin channel is set.
 */
export async function noticeTarget(
  deps: TeamsDeps,
  tenant: TenantId,
  opts: { fallbackToLast: boolean },
): Promise<StoredReference | undefined> {
  const admin = parseReference(await deps.store.conversations.get(tenant, ADMIN_CHANNEL_KEY));
  if (admin) return admin;
  if (!opts.fallbackToLast) return undefined;
  const last = parseReference(await deps.store.conversations.get(tenant, LAST_CONVERSATION_KEY));
  return last ? channelRoot(last) : undefined;
}
