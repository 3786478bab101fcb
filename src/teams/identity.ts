import type { Activity } from 'botbuilder';
import type { Actor, TenantId } from '../core/types.js';

export const TEAMS_TENANT_PREFIX = 'teams:';
/**
 * Emulator mode files all its work here. Its activities are not authenticated, so the tenant they name
 * (conversation.tenantId, channelData.tenant) is never believed.
 */
export const EMULATOR_TENANT = `${TEAMS_TENANT_PREFIX}emulator`;

export const isTeamsTenant = (tenant: TenantId) => tenant.startsWith(TEAMS_TENANT_PREFIX);

export function tenantOf(activity: Partial<Activity>, opts: { emulator: boolean }): TenantId | undefined {
  if (opts.emulator) return EMULATOR_TENANT;
  const id =
    activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return id ? `${TEAMS_TENANT_PREFIX}${id}` : undefined;
}

/** The acting user by Azure AD object id, the id TEAMS_ADMIN_USERS lists. */
export function actorOf(activity: Partial<Activity>, opts: { emulator: boolean }): Actor | undefined {
  const from = activity.from;
  if (!from) return undefined;
  // The Emulator has no Azure AD; there the channel user id stands in for the object id.
  const id = from.aadObjectId ?? (opts.emulator ? from.id : undefined);
  if (!id) return undefined;
  return { platform: 'teams', id, name: from.name?.trim() || 'Teams user' };
}

export function isTeamsAdmin(actor: Actor, admins: readonly string[]): boolean {
  const id = actor.id.toLowerCase();
  return admins.some((a) => a.toLowerCase() === id);
}
