import { cancelOutcomeView } from '../../../core/outcomes.js';
import { outcomeMessage } from '../../blocks/outcome.js';
import type { SlackContext } from '../../context.js';
import { updateMessage } from '../../direct-message.js';
import { ephemeral } from '../reply.js';
import { adminButton } from './admin-button.js';

export function confirmCancelClicked(ctx: SlackContext) {
  return adminButton(ctx, 'discarding the change', async ({ tenant, actor, value, message, client, respond }) => {
    if (!value) return;
    const reply = outcomeMessage(cancelOutcomeView(await ctx.workflow.cancelDraft(tenant, actor, value)));
    if (message) await updateMessage(client, message, reply);
    else await respond(ephemeral(reply));
  });
}
