import type { RespondFn, SlashCommand } from '@slack/bolt';
import { disconnectPrompt } from '../../../blocks/disconnect.js';
import type { SlackContext } from '../../../context.js';
import { tenantOf } from '../../../identity.js';
import { ephemeral } from '../../reply.js';

/** Asks first; the buttons (aco_disconnect_confirm / _cancel) do the work. */
export async function askDisconnect(ctx: SlackContext, respond: RespondFn, command: SlashCommand): Promise<void> {
  const auth = await ctx.workflow.authView(tenantOf(command.team_id));
  await respond(ephemeral(disconnectPrompt(auth)));
}
