import { rememberActingAdmin } from '../../acting-admin.js';
import { showAuthPrompt } from '../../auth-message.js';
import { section } from '../../blocks/text.js';
import type { SlackContext } from '../../context.js';
import { openDm } from '../../direct-message.js';
import { ephemeral } from '../reply.js';
import { adminButton } from './admin-button.js';

/**
 * Re-authenticate (admin-channel notices, beside Confirm Changes): a fresh consent link in the admin's
 * DM, where the message can be updated when the callback completes.
 */
export function reauthenticateClicked(ctx: SlackContext) {
  return adminButton(ctx, 'starting the sign-in', async ({ tenant, actor, message, client, respond }) => {
    await rememberActingAdmin(ctx.store, tenant, actor.id);
    const dm = await openDm(client, actor.id);
    const auth = await ctx.workflow.authView(tenant);
    await showAuthPrompt(ctx, client, { tenant, actor, statusText: auth.text, channel: dm });
    if (message && message.channel !== dm) {
      await respond(
        ephemeral({ text: 'Sign-in link sent', blocks: [section('I sent you the sign-in link in a direct message.')] }),
      );
    }
  });
}
