import { randomBytes } from 'node:crypto';
import type { Actor, JsonValue, TenantId } from '../types.js';
import { isoAt, type WorkflowContext } from '../workflow-context.js';
import { WorkflowError } from '../workflow-error.js';

/** How long a consent link works. */
const STATE_TTL_MS = 10 * 60_000;

const newState = () => randomBytes(32).toString('base64url');

/** Mints a single-use consent link bound to tenant, user and (optionally) a draft. */
export async function beginAuthentication(
  ctx: WorkflowContext,
  tenant: TenantId,
  actor: Actor,
  opts: { draftId?: string; context?: JsonValue } = {},
): Promise<{ url: string; state: string; expiresAt: string }> {
  if (!ctx.aco.configured) {
    throw new WorkflowError(
      'aco_not_configured',
      'ACO sign-in is not set up on this server: the operator must set ACO_CLIENT_ID and ACO_CLIENT_SECRET.',
    );
  }
  const state = newState();
  const { url, codeVerifier } = ctx.aco.consentUrl(state);
  const expiresAt = isoAt(ctx.clock, STATE_TTL_MS);
  await ctx.store.states.put({
    state,
    tenant,
    actor,
    draftId: opts.draftId,
    codeVerifier,
    createdAt: isoAt(ctx.clock),
    expiresAt,
    context: opts.context,
  });
  return { url, state, expiresAt };
}

/** Lets an adapter attach its message reference once the consent link is posted; false when the state is gone. */
export function bindAuthContext(ctx: WorkflowContext, state: string, context: JsonValue): Promise<boolean> {
  return ctx.store.states.setContext(state, context);
}
