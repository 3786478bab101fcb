import { confirmOutcomeView } from '../../../core/outcomes.js';
import { showAuthPrompt } from '../../auth-message.js';
import { outcomeMessage } from '../../blocks/outcome.js';
import type { SlackContext } from '../../context.js';
import { updateMessage } from '../../direct-message.js';
import { ephemeral } from '../reply.js';
import { adminButton } from './admin-button.js';

/**
 * OK on Confirm Changes. The core saves once (a double click or a retry gets `replay`), and the admin
 * notice follows the core's single settings.saved event, so repeating this posts nothing new.
 */
export function confirmOkClicked(ctx: SlackContext) {
  return adminButton(ctx, 'saving the settings', async ({ tenant, actor, value, message, client, respond }) => {
    if (!value) return;
    const result = await ctx.workflow.confirmDraft(tenant, actor, value);
    // A replay (double click, retried request): the first click already updated this message.
    if (result.outcome === 'saved' && result.replay) return;
    if (result.outcome === 'not_authenticated' && message) {
      // The grant went away after Confirm Changes was shown: this message becomes the Authenticate prompt.
      await showAuthPrompt(ctx, client, {
        tenant,
        actor,
        statusText: result.auth.text,
        draftId: result.draftId,
        replace: message,
      });
      return;
    }
    const reply = outcomeMessage(confirmOutcomeView(result));
    if (message) await updateMessage(client, message, reply);
    else await respond(ephemeral(reply));
  });
}
