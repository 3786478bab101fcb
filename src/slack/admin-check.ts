import type { webApi } from '@slack/bolt';
import type { Actor } from '../core/types.js';
import type { SlackContext } from './context.js';
import { actorOf } from './identity.js';
import { slackErrorCode } from './slack-errors.js';

export type AdminCheck = { ok: true; actor: Actor } | { ok: false; reason: 'not_admin' | 'lookup_failed' };

/**
 * Workspace admins and owners (as users.info says now, not when the form was opened) and the
 * SLACK_ADMIN_USERS list may act; it runs on every command, submission and button.
 */
export async function checkAdmin(
  ctx: Pick<SlackContext, 'adminUsers' | 'logger'>,
  client: webApi.WebClient,
  user: { id: string; name?: string },
): Promise<AdminCheck> {
  const listed = ctx.adminUsers.has(user.id);
  try {
    const res = await client.users.info({ user: user.id });
    const u = res.user;
    const name = u?.profile?.display_name || u?.profile?.real_name || u?.name || user.name;
    const admin = !!u && !u.deleted && (u.is_admin === true || u.is_owner === true || u.is_primary_owner === true);
    return admin || listed ? { ok: true, actor: actorOf(user.id, name) } : { ok: false, reason: 'not_admin' };
  } catch (err) {
    ctx.logger.warn({ user: user.id, error: slackErrorCode(err) }, 'users.info failed during the admin check');
    // A listed user does not need Slack's word; everyone else is refused rather than let through.
    return listed ? { ok: true, actor: actorOf(user.id, user.name) } : { ok: false, reason: 'lookup_failed' };
  }
}
