import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
  webApi,
} from '@slack/bolt';
import { checkAdmin } from '../../admin-check.js';
import { notAllowedMessage } from '../../blocks/errors.js';
import type { SlackContext } from '../../context.js';
import type { MessageRef } from '../../direct-message.js';
import { tenantOf } from '../../identity.js';
import type { Actor, TenantId } from '../../../core/types.js';
import { ephemeral, reportFailure } from '../reply.js';

/** A button click as our handlers need it. */
export interface ButtonClick {
  tenant: TenantId;
  actor: Actor;
  value: string | undefined;
  /** The message that holds the button (absent for buttons in modals). */
  message: MessageRef | undefined;
  triggerId: string;
  /** The modal that holds the button (buttons in modals). */
  viewId: string | undefined;
  client: webApi.WebClient;
  respond: RespondFn;
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

function messageOf(body: BlockAction<ButtonAction>): MessageRef | undefined {
  const c = body.container as { channel_id?: string; message_ts?: string };
  const channel = c.channel_id ?? body.channel?.id;
  const ts = c.message_ts ?? body.message?.ts;
  return channel && ts ? { channel, ts } : undefined;
}

/**
 * Every button: ack first (3 s), then the admin check (it runs on each click, not only on the command),
 * then the handler; a refusal or a failure is told ephemerally to the one who clicked.
 */
export function adminButton(ctx: SlackContext, what: string, handler: (click: ButtonClick) => Promise<void>) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    try {
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const check = await checkAdmin(ctx, client, {
        id: body.user.id,
        name: body.user.username ?? body.user.name,
        team: teamId,
      });
      if (!check.ok) {
        await respond(ephemeral(notAllowedMessage(check.reason)));
        return;
      }
      await handler({
        tenant: tenantOf(teamId),
        actor: check.actor,
        value: action.value,
        message: messageOf(body),
        triggerId: body.trigger_id,
        viewId: body.view?.id,
        client,
        respond,
      });
    } catch (err) {
      await reportFailure(ctx, err, what, { respond });
    }
  };
}
