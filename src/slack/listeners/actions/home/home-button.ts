import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, webApi } from '@slack/bolt';
import type { Actor, TenantId } from '../../../../core/types.js';
import { checkAdmin } from '../../../admin-check.js';
import type { SlackContext } from '../../../context.js';
import { publishHome } from '../../../home/publish-home.js';
import { tenantOf } from '../../../identity.js';
import { reportFailure } from '../../reply.js';

export interface HomeClick {
  tenant: TenantId;
  actor: Actor;
  triggerId: string;
  client: webApi.WebClient;
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * A button on the Home tab: ack, then the admin rule on this click (not only when the tab was drawn). Someone it
 * refuses gets their Home tab re-drawn read-only, which says who may act and how to get access; a failure is told
 * in a DM (a Home tab click has no response_url).
 */
export function homeButton(ctx: SlackContext, what: string, handler: (click: HomeClick) => Promise<void>) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const team = body.team?.id ?? body.user.team_id ?? '';
    const tenant = tenantOf(team);
    try {
      const check = await checkAdmin(ctx, client, { id: body.user.id, name: body.user.username, team });
      if (!check.ok) {
        await ctx.homeViewers.forget(tenant, body.user.id);
        await publishHome(ctx, client, tenant, body.user.id, false);
        return;
      }
      await handler({ tenant, actor: check.actor, triggerId: body.trigger_id, client });
    } catch (err) {
      await reportFailure(ctx, err, what, { client, userId: body.user.id });
    }
  };
}
