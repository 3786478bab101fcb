import type { webApi } from '@slack/bolt';
import type { Actor } from '../core/types.js';
import type { SlackContext } from './context.js';
import { actorOf } from './identity.js';
import { slackErrorCode } from './slack-errors.js';

export type AdminCheck = { ok: true; actor: Actor } | { ok: false; reason: 'not_admin' | 'lookup_failed' };

/**
 * Workspace admins and owners (as users.info says, not when the form was opened) and the SLACK_ADMIN_USERS list
 * may act; it runs on every command, submission and button.
 *
 * A yes from users.info is reused for 10 s per (team, user) (ctx.adminVerdicts): the benchmark showed the
 * users.info call on every command as a large share of the command path's CPU. The trade-off, chosen knowingly:
 * an admin demoted in Slack keeps access for up to 10 s after their last successful check. A no and a failed
 * lookup are never kept, so a newly promoted admin is let in at once and a refusal is re-checked every time.
 */
export async function checkAdmin(
  ctx: Pick<SlackContext, 'adminUsers' | 'logger' | 'adminVerdicts'>,
  client: webApi.WebClient,
  user: { id: string; name?: string; team: string },
): Promise<AdminCheck> {
  const cached = ctx.adminVerdicts.get(user.team, user.id);
  if (cached) return { ok: true, actor: cached };
  const listed = ctx.adminUsers.has(user.id);
  try {
    const res = await client.users.info({ user: user.id });
    const u = res.user;
    const name = u?.profile?.display_name || u?.profile?.real_name || u?.name || user.name;
    const admin = !!u && !u.deleted && (u.is_admin === true || u.is_owner === true || u.is_primary_owner === true);
    if (!admin && !listed) return { ok: false, reason: 'not_admin' };
    const actor = actorOf(user.id, name);
    ctx.adminVerdicts.remember(user.team, user.id, actor);
    return { ok: true, actor };
  } catch (err) {
    ctx.logger.warn({ user: user.id, error: slackErrorCode(err) }, 'users.info failed during the admin check');
    // A listed user does not need Slack's word; everyone else is refused rather than let through.
    return listed ? { ok: true, actor: actorOf(user.id, user.name) } : { ok: false, reason: 'lookup_failed' };
  }
}
