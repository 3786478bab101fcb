import { appendAudit } from '../audit-log.js';
import { NOT_AUTHENTICATED } from '../auth-status.js';
import { readAuthStatus } from '../queries/connection-snapshot.js';
import { grantLockKey } from '../lock-keys.js';
import { revokeQuietly } from '../sign-in/revoke.js';
import type { Actor, StoredGrant, TenantId } from '../types.js';
import type { DisconnectResult } from '../views.js';
import type { WorkflowContext } from '../workflow-context.js';

const NOTHING_TO_DISCONNECT: DisconnectResult = { wasAuthenticated: false, revokedAtAco: false };

/**
 * Revokes the grant at ACO and forgets it here. The check and the forgetting happen under the grant lock, and
 * a tenant already "Not authenticated" is left alone: of two clicks (a double click, two admins, Slack and
 * Teams at once) only the first disconnects, writes the history line and announces it.
 */
export async function disconnect(ctx: WorkflowContext, tenant: TenantId, actor: Actor): Promise<DisconnectResult> {
  const taken = await ctx.store.locks.withLock(grantLockKey(tenant), async () => {
    if ((await readAuthStatus(ctx, tenant)).state === 'not_authenticated') return undefined;
    const grant = await ctx.store.grants.get(tenant);
    await ctx.store.grants.delete(tenant);
    await ctx.store.authStatus.put(tenant, NOT_AUTHENTICATED);
    return { grant };
  });
  if (!taken) return NOTHING_TO_DISCONNECT;
  // ACO's revoke can be slow: the lock covers only the check and the store's change.
  const revokedAtAco = taken.grant ? await revokeQuietly(ctx, taken.grant.tokens, tenant) : false;
  await appendAudit(ctx, tenant, { actor, action: 'disconnected', summary: summary(taken.grant, revokedAtAco) });
  await ctx.events.emit({ type: 'disconnected', tenant, actor });
  return { wasAuthenticated: !!taken.grant, revokedAtAco };
}

function summary(grant: StoredGrant | undefined, revokedAtAco: boolean): string {
  if (!grant) return 'Disconnect requested; ACO was not connected';
  const was = `Disconnected ACO (was ${grant.user.name}, ext ${grant.user.extensionNumber})`;
  return revokedAtAco ? was : `${was}; ACO could not be reached to revoke, tokens forgotten here`;
}
