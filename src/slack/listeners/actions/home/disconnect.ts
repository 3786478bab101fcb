import { disconnectPrompt } from '../../../blocks/disconnect.js';
import type { SlackContext } from '../../../context.js';
import { postDm } from '../../../direct-message.js';
import { homeButton } from './home-button.js';

/** Disconnect: asks first, in the admin's DM; its buttons (aco_disconnect_confirm / _cancel) do the work. */
export function homeDisconnectClicked(ctx: SlackContext) {
  return homeButton(ctx, 'asking to disconnect', async ({ tenant, actor, client }) => {
    const auth = await ctx.workflow.authView(tenant);
    await postDm(client, actor.id, disconnectPrompt(auth));
  });
}
