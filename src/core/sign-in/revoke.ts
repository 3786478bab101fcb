import { AcoError } from '../ports.js';
import type { StoredGrant, TenantId } from '../types.js';
import type { WorkflowContext } from '../workflow-context.js';

/** Revokes tokens at ACO; a failure is logged (kind only) and reported as false, never thrown. */
export async function revokeQuietly(
  ctx: Pick<WorkflowContext, 'aco' | 'logger'>,
  tokens: StoredGrant['tokens'],
  tenant: TenantId,
): Promise<boolean> {
  try {
    await ctx.aco.revoke(tokens);
    return true;
  } catch (err) {
    ctx.logger.warn({ tenant, kind: err instanceof AcoError ? err.kind : 'unknown' }, 'could not revoke ACO tokens');
    return false;
  }
}
