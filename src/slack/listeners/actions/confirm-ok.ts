import { showAuthPrompt } from '../../auth-message.js';
import {
  draftGoneMessage,
  discardedMessage,
  expiredMessage,
  savedMessage,
  staleMessage,
} from '../../blocks/confirm-changes.js';
import { section, type SlackMessage } from '../../blocks/text.js';
import type { SlackContext } from '../../context.js';
import { updateMessage } from '../../direct-message.js';
import { ephemeral } from '../reply.js';
import { adminButton } from './admin-button.js';

const notAuthenticatedMessage = (status: string): SlackMessage => ({
  text: `Not saved: API Auth Status: ${status}`,
  blocks: [section(`Not saved: ACO is not authenticated (${status}). Run \`/aco-connect\` again.`)],
});

/**
 * OK on Confirm Changes. The core saves once (a double click or a retry gets `replay`), and the admin
 * notice follows the core's single settings.saved event, so repeating this posts nothing new.
 */
export function confirmOkClicked(ctx: SlackContext) {
  return adminButton(ctx, 'saving the settings', async ({ tenant, actor, value, message, client, respond }) => {
    if (!value) return;
    const result = await ctx.workflow.confirmDraft(tenant, actor, value);
    let reply: SlackMessage;
    switch (result.outcome) {
      case 'saved':
        // A replay (double click, retried request): the first click already updated this message.
        if (result.replay) return;
        reply = savedMessage(result.record, result.changes.filter((c) => c.changed));
        break;
      case 'stale':
        reply = staleMessage(result.currentVersion, result.savedBy);
        break;
      case 'not_authenticated':
        // The grant went away after Confirm Changes was shown: this message becomes the Authenticate prompt.
        if (message) {
          await showAuthPrompt(ctx, client, { tenant, actor, statusText: result.auth.text, draftId: result.draftId, replace: message });
        } else {
          await respond(ephemeral(notAuthenticatedMessage(result.auth.text)));
        }
        return;
      case 'cancelled':
        reply = discardedMessage();
        break;
      case 'expired':
        reply = expiredMessage();
        break;
      case 'not_found':
        reply = draftGoneMessage();
        break;
    }
    if (message) await updateMessage(client, message, reply);
    else await respond(ephemeral(reply));
  });
}
