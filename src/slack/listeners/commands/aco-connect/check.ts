import type { RespondFn, SlashCommand } from '@slack/bolt';
import type { Actor } from '../../../../core/types.js';
import { checkBlocks } from '../../../blocks/assist.js';
import type { SlackContext } from '../../../context.js';
import { tenantOf } from '../../../identity.js';
import { ephemeral } from '../../reply.js';

/** `/aco-connect check`: the connectivity check of the saved settings, for the admin who asked. */
export async function runCheck(
  ctx: SlackContext,
  respond: RespondFn,
  command: SlashCommand,
  actor: Actor,
): Promise<void> {
  const tenant = tenantOf(command.team_id);
  const running = ctx.workflow.checkRunningView();
  if (running) await respond(ephemeral({ text: running.lines.join(' '), blocks: checkBlocks(running) }));
  const view = await ctx.workflow.checkSaved(tenant, actor);
  if (!view) return;
  await respond(
    ephemeral({ text: `${view.title}: ${view.summary || view.lines.join(' ')}`, blocks: checkBlocks(view) }),
  );
}
