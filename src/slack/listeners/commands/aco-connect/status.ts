import type { RespondFn, SlashCommand } from '@slack/bolt';
import { statusMessage } from '../../../blocks/status.js';
import type { SlackContext } from '../../../context.js';
import { tenantOf } from '../../../identity.js';
import { ephemeral } from '../../reply.js';

export async function showStatus(ctx: SlackContext, respond: RespondFn, command: SlashCommand): Promise<void> {
  const view = await ctx.workflow.status(tenantOf(command.team_id));
  await respond(ephemeral(statusMessage(view)));
}
