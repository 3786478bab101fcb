import type { AcoUser } from './auth-status.js';

/*
 * Xima's procedure signs in to ACO with a Super Admin account (issue 12 §2). The extension's admin flag is on
 * for every administrator role, so the callback checks the extension's assigned roles: the role id
 * `superAdminRoleId` (the platform's Super Admin, "1", unless ACO_SUPER_ADMIN_ROLE_ID names a custom role).
 */

export const DEFAULT_SUPER_ADMIN_ROLE_ID = '1';

export interface AssignedRole {
  id: string;
  displayName: string;
}

export type RoleVerdict =
  | { ok: true }
  | { ok: false; reason: 'not_super_admin'; roles: AssignedRole[] }
  | { ok: false; reason: 'not_admin'; roles: AssignedRole[] };

export function judgeRoles(admin: boolean, roles: AssignedRole[], superAdminRoleId: string): RoleVerdict {
  if (roles.some((r) => r.id === superAdminRoleId)) return { ok: true };
  return { ok: false, reason: admin ? 'not_super_admin' : 'not_admin', roles };
}

const MAX_ROLES_NAMED = 3;

/** "Phone System Admin" / "Standard, Manager" — bounded, for the refusal text. */
function roleNames(roles: AssignedRole[]): string {
  const names = roles.map((r) => r.displayName.slice(0, 60));
  if (names.length === 0) return 'no role';
  const shown = names.slice(0, MAX_ROLES_NAMED).join(', ');
  return names.length > MAX_ROLES_NAMED ? `${shown} and ${names.length - MAX_ROLES_NAMED} more` : shown;
}

export const SUPER_ADMIN_TITLE = 'An ACO Super Admin is needed';

/** Says who signed in and why that account cannot authorize aco-connect; nothing was stored. */
export function roleRefusalMessage(user: AcoUser, verdict: Exclude<RoleVerdict, { ok: true }>, again: string): string {
  const who = `You signed in as ${user.name} (ext ${user.extensionNumber})`;
  const why =
    verdict.reason === 'not_super_admin'
      ? `an Avaya Cloud Office administrator (${roleNames(verdict.roles)}) but not a Super Admin`
      : `not an Avaya Cloud Office administrator (${roleNames(verdict.roles)})`;
  return `${who}, ${why}. Nothing was stored and the sign-in was revoked at ACO. ${again} Then sign in with a Super Admin account.`;
}

/** The admin channel's line about a refused sign-in. */
export function roleRefusalNotice(user: AcoUser, verdict: Exclude<RoleVerdict, { ok: true }>): string {
  const what = verdict.reason === 'not_super_admin' ? 'an administrator but not a Super Admin' : 'not an administrator';
  return `Refused an ACO sign-in by ${user.name} (ext ${user.extensionNumber}): ${what}. Nothing was stored; the grant was revoked at ACO.`;
}
