import type { RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { adminChannelText, type AdminChannelVerdict } from '../../../../core/admin-channel-text.js';
import type { Actor } from '../../../../core/types.js';
import { SLACK_ADMIN_CHANNEL_KEY } from '../../../admin-channel-ref.js';
import { adminChannelMessage } from '../../../blocks/admin-channel.js';
import { mentionedChannel } from '../../../channel-mention.js';
import type { SlackContext } from '../../../context.js';
import { tenantOf } from '../../../identity.js';
import { slackErrorCode } from '../../../slack-errors.js';
import { ephemeral } from '../../reply.js';

/**
 * `/aco-connect admin-channel [#channel]`: the named channel, or the one the command was run in, becomes the
 * workspace's admin channel, once conversations.info says the bot is a member of it.
 */
export async function setAdminChannel(
  ctx: SlackContext,
  client: webApi.WebClient,
  respond: RespondFn,
  command: SlashCommand,
  actor: Actor,
): Promise<void> {
  const tenant = tenantOf(command.team_id);
  const channel = mentionedChannel(command.text) ?? command.channel_id;
  const verdict = await judge(client, channel);
  if (verdict.kind === 'set') {
    await ctx.store.conversations.put(tenant, SLACK_ADMIN_CHANNEL_KEY, channel);
    ctx.logger.info({ tenant, channel, by: actor.id }, 'Slack admin channel set');
  }
  await respond(ephemeral(adminChannelMessage(adminChannelText(verdict))));
}

async function judge(client: webApi.WebClient, channel: string): Promise<AdminChannelVerdict> {
  try {
    const info = await client.conversations.info({ channel });
    const c = info.channel;
    if (!c || c.is_im || c.is_mpim) return { kind: 'not_a_channel' };
    const label = c.name ? `#${c.name}` : channel;
    if (c.is_archived) return { kind: 'archived', label };
    return c.is_member ? { kind: 'set', label } : { kind: 'not_member', label };
  } catch (err) {
    if (slackErrorCode(err) === 'channel_not_found') return { kind: 'not_found', label: `the channel ${channel}` };
    throw err;
  }
}
