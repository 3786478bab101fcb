import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { checkAdmin } from '../../admin-check.js';
import type { SlackContext } from '../../context.js';
import { publishHome } from '../../home/publish-home.js';
import { tenantOf } from '../../identity.js';
import { slackErrorCode } from '../../slack-errors.js';

/**
 * Someone opened the app's Home tab: publish it for them, with the actions when the admin rule says yes (checked
 * now, and again on every click), read-only otherwise. Admins are remembered so later changes re-publish it.
 */
export function appHomeOpened(ctx: SlackContext) {
  return async ({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    const team = body.team_id;
    const tenant = tenantOf(team);
    try {
      const check = await checkAdmin(ctx, client, { id: event.user, team });
      if (check.ok) await ctx.homeViewers.remember(tenant, event.user);
      await publishHome(ctx, client, tenant, event.user, check.ok);
    } catch (err) {
      ctx.logger.warn({ tenant, error: slackErrorCode(err) }, 'could not publish the Home tab');
    }
  };
}
