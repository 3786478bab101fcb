import { appendAudit } from '../audit-log.js';
import { NOT_AUTHENTICATED } from '../auth-status.js';
import { grantLockKey } from '../lock-keys.js';
import { revokeQuietly } from '../sign-in/revoke.js';
import type { Actor, TenantId } from '../types.js';
import type { DisconnectResult } from '../views.js';
import type { WorkflowContext } from '../workflow-context.js';

/** Revokes the grant at ACO and forgets it here; safe to repeat. */
export async function disconnect(ctx: WorkflowContext, tenant: TenantId, actor: Actor): Promise<DisconnectResult> {
  const grant = await ctx.store.locks.withLock(grantLockKey(tenant), async () => {
    const g = await ctx.store.grants.get(tenant);
    await ctx.store.grants.delete(tenant);
    await ctx.store.authStatus.put(tenant, NOT_AUTHENTICATED);
    return g;
  });
  const revokedAtAco = grant ? await revokeQuietly(ctx, grant.tokens, tenant) : false;
  await appendAudit(ctx, tenant, {
    actor,
    action: 'disconnected',
    summary: grant
      ? `Disconnected ACO (was ${grant.user.name}, ext ${grant.user.extensionNumber})${revokedAtAco ? '' : '; ACO could not be reached to revoke, tokens forgotten here'}`
      : 'Disconnect requested; ACO was not connected',
  });
  await ctx.events.emit({ type: 'disconnected', tenant, actor });
  return { wasAuthenticated: !!grant, revokedAtAco };
}
