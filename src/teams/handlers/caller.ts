import type { TurnContext } from 'botbuilder';
import type { Actor, TenantId } from '../../core/types.js';
import { asJson, LAST_CONVERSATION_KEY, referenceOf } from '../conversation-refs.js';
import type { TeamsDeps } from '../deps.js';
import { actorOf, isTeamsAdmin, tenantOf } from '../identity.js';

export interface Caller {
  tenant: TenantId;
  actor: Actor;
}

export type CallerCheck = { ok: true; caller: Caller } | { ok: false; message: string };

/**
 * Who is asking, and may they: run on every message, dialog fetch/submit and card action, because a
 * card can be forwarded and a dialog kept open after an admin list changes.
 */
export async function checkCaller(ctx: TurnContext, deps: TeamsDeps): Promise<CallerCheck> {
  const opts = { emulator: deps.emulator };
  const tenant = tenantOf(ctx.activity, opts);
  if (!tenant)
    return {
      ok: false,
      message: 'aco-connect works inside a Microsoft Teams organization, and this conversation has no tenant.',
    };
  const actor = actorOf(ctx.activity, opts);
  if (!actor)
    return {
      ok: false,
      message: 'Teams did not say who you are (no Azure AD object id), so aco-connect cannot check your permission.',
    };
  if (!isTeamsAdmin(actor, deps.admins)) {
    deps.logger.info({ tenant, user: actor.id }, 'Teams user refused: not in TEAMS_ADMIN_USERS');
    return {
      ok: false,
      message: `Only the administrators listed in TEAMS_ADMIN_USERS may use aco-connect. Your Azure AD object id is ${actor.id}; ask the aco-connect operator to add it.`,
    };
  }
  await deps.store.conversations.put(tenant, LAST_CONVERSATION_KEY, asJson(referenceOf(ctx.activity)));
  return { ok: true, caller: { tenant, actor } };
}
