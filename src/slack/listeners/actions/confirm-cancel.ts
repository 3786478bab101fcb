import { alreadySavedMessage, discardedMessage, draftGoneMessage } from '../../blocks/confirm-changes.js';
import type { SlackContext } from '../../context.js';
import { updateMessage } from '../../direct-message.js';
import { ephemeral } from '../reply.js';
import { adminButton } from './admin-button.js';

export function confirmCancelClicked(ctx: SlackContext) {
  return adminButton(ctx, 'discarding the change', async ({ tenant, actor, value, message, client, respond }) => {
    if (!value) return;
    const result = await ctx.workflow.cancelDraft(tenant, actor, value);
    const reply =
      result.outcome === 'cancelled'
        ? discardedMessage()
        : result.outcome === 'already_saved'
          ? alreadySavedMessage(result.version)
          : draftGoneMessage();
    if (message) await updateMessage(client, message, reply);
    else await respond(ephemeral(reply));
  });
}
