import type { AcoUser } from '../auth-status.js';
import { appendAudit } from '../audit-log.js';
import { grantLockKey } from '../lock-keys.js';
import { DEFAULT_SUPER_ADMIN_ROLE_ID, judgeRoles, type AssignedRole } from '../super-admin.js';
import type { AcoTokens, OAuthState, StoredGrant, TenantId } from '../types.js';
import type { CallbackOutcome } from '../views.js';
import { isoAt, type WorkflowContext } from '../workflow-context.js';
import {
  acoFailure,
  answerFailure,
  roleFailure,
  unusableLinkFailure,
  type CallbackFailure,
} from './callback-failures.js';
import { revokeQuietly } from './revoke.js';

/** The OAuth callback: take the single-use state, exchange the code, check the user is an ACO admin, keep the grant. */
export async function completeAuthentication(
  ctx: WorkflowContext,
  query: Record<string, unknown>,
): Promise<CallbackOutcome> {
  const param = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : undefined);
  const stateParam = param('state');
  const pending = stateParam ? await ctx.store.states.take(stateParam) : undefined;
  if (!pending || Date.parse(pending.expiresAt) <= ctx.clock.now()) {
    return { ok: false, ...unusableLinkFailure(param('error') === 'access_denied' && !pending) };
  }
  const answer = answerFailure({ error: param('error'), code: param('code'), configured: ctx.aco.configured });
  if (!answer.ok) return recordFailure(ctx, pending, answer.failure);
  const signedIn = await signInAtAco(ctx, pending, answer.code);
  if (!signedIn.ok) return recordFailure(ctx, pending, signedIn.failure);
  await keepGrant(ctx, pending.tenant, signedIn.tokens, signedIn.acoUser);
  return recordSuccess(ctx, pending, signedIn.acoUser);
}

/** Exchanges the code and checks who signed in; tokens of a failed check are revoked at once. */
async function signInAtAco(
  ctx: WorkflowContext,
  pending: OAuthState,
  code: string,
): Promise<{ ok: true; tokens: AcoTokens; acoUser: AcoUser } | { ok: false; failure: CallbackFailure }> {
  let tokens: AcoTokens;
  try {
    tokens = await ctx.aco.exchangeCode(code, pending.codeVerifier);
  } catch (err) {
    return { ok: false, failure: acoFailure(ctx.logger, err) };
  }
  let identity: Awaited<ReturnType<typeof ctx.aco.whoAmI>>;
  try {
    identity = await ctx.aco.whoAmI(tokens);
  } catch (err) {
    await revokeQuietly(ctx, tokens, pending.tenant);
    return { ok: false, failure: acoFailure(ctx.logger, err) };
  }
  const acoUser = { id: identity.id, name: identity.name, extensionNumber: identity.extensionNumber };
  // The admin flag is on for every administrator role: the assigned roles tell a Super Admin apart.
  let roles: AssignedRole[];
  try {
    roles = await ctx.aco.assignedRoles(tokens);
  } catch (err) {
    await revokeQuietly(ctx, tokens, pending.tenant);
    return { ok: false, failure: acoFailure(ctx.logger, err) };
  }
  const verdict = judgeRoles(identity.admin, roles, ctx.superAdminRoleId ?? DEFAULT_SUPER_ADMIN_ROLE_ID);
  if (!verdict.ok) {
    await revokeQuietly(ctx, tokens, pending.tenant);
    return { ok: false, failure: roleFailure(acoUser, verdict) };
  }
  return { ok: true, tokens, acoUser };
}

/** Stores the new grant under the grant lock and revokes the one it replaces. */
async function keepGrant(ctx: WorkflowContext, tenant: TenantId, tokens: AcoTokens, acoUser: AcoUser): Promise<void> {
  const since = isoAt(ctx.clock);
  const grant: StoredGrant = { tokens, user: acoUser, since, lastRefreshAt: undefined };
  const previous = await ctx.store.locks.withLock(grantLockKey(tenant), async () => {
    const old = await ctx.store.grants.get(tenant);
    await ctx.store.grants.put(tenant, grant);
    await ctx.store.authStatus.put(tenant, { state: 'authenticated', user: acoUser, since });
    return old;
  });
  // A replaced grant would otherwise stay alive at ACO with nobody refreshing or revoking it.
  if (previous && previous.tokens.refreshToken !== tokens.refreshToken) {
    await revokeQuietly(ctx, previous.tokens, tenant);
  }
}

async function recordSuccess(ctx: WorkflowContext, pending: OAuthState, acoUser: AcoUser): Promise<CallbackOutcome> {
  // ACO's own values, read now so the next form has them (never awaited: the result page must not wait).
  ctx.assist?.afterSignIn(pending.tenant);
  await appendAudit(ctx, pending.tenant, {
    actor: pending.actor,
    action: 'auth.succeeded',
    summary: `Authenticated as ${acoUser.name} (ext ${acoUser.extensionNumber})`,
  });
  // Not awaited: the browser's result page must not wait on Slack or Teams (their retries can take minutes).
  void ctx.events.emit({
    type: 'auth.succeeded',
    tenant: pending.tenant,
    actor: pending.actor,
    acoUser,
    draftId: pending.draftId,
    context: pending.context,
  });
  return { ok: true, tenant: pending.tenant, actor: pending.actor, acoUser, draftId: pending.draftId };
}

/** A failure of a link that was valid: the history records it and the chat that sent the link is told. */
async function recordFailure(
  ctx: WorkflowContext,
  pending: OAuthState,
  failure: CallbackFailure,
): Promise<CallbackOutcome> {
  await appendAudit(ctx, pending.tenant, {
    actor: pending.actor,
    action: 'auth.failed',
    summary: `${failure.title}: ${failure.message}`,
  });
  void ctx.events.emit({
    type: 'auth.failed',
    tenant: pending.tenant,
    actor: pending.actor,
    reason: failure.reason,
    message: failure.message,
    context: pending.context,
  });
  return { ok: false, ...failure, tenant: pending.tenant, context: pending.context };
}
