import { disconnectOutcomeView } from '../../../core/outcomes.js';
import { outcomeMessage } from '../../blocks/outcome.js';
import type { SlackContext } from '../../context.js';
import { replaceOriginal } from '../reply.js';
import { adminButton } from './admin-button.js';

/** Disconnect, after the question; the core makes a double click disconnect (and notify) once. */
export function disconnectConfirmClicked(ctx: SlackContext) {
  return adminButton(ctx, 'disconnecting', async ({ tenant, actor, respond }) => {
    const result = await ctx.workflow.disconnect(tenant, actor);
    await respond(replaceOriginal(outcomeMessage(disconnectOutcomeView(result))));
  });
}
