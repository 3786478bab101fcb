import type { RespondFn, SlashCommand } from '@slack/bolt';
import { HISTORY_LIMIT } from '../../../../core/history-text.js';
import { historyMessage } from '../../../blocks/history.js';
import type { SlackContext } from '../../../context.js';
import { tenantOf } from '../../../identity.js';
import { ephemeral } from '../../reply.js';

export async function showHistory(ctx: SlackContext, respond: RespondFn, command: SlashCommand): Promise<void> {
  const entries = await ctx.workflow.history(tenantOf(command.team_id), HISTORY_LIMIT);
  await respond(ephemeral(historyMessage(entries)));
}
