import { rememberActingAdmin } from '../../../acting-admin.js';
import { showAuthPrompt } from '../../../auth-message.js';
import type { SlackContext } from '../../../context.js';
import { openDm } from '../../../direct-message.js';
import { homeButton } from './home-button.js';

/** Authenticate / Re-authenticate: a fresh consent link in the admin's DM, updated when the callback completes. */
export function homeAuthenticateClicked(ctx: SlackContext) {
  return homeButton(ctx, 'starting the sign-in', async ({ tenant, actor, client }) => {
    await rememberActingAdmin(ctx.store, tenant, actor.id);
    const dm = await openDm(client, actor.id);
    const auth = await ctx.workflow.authView(tenant);
    await showAuthPrompt(ctx, client, { tenant, actor, statusText: auth.text, channel: dm });
  });
}
