import { disconnectOutcomeView } from '../../../core/outcomes.js';
import { outcomeMessage } from '../../blocks/outcome.js';
import type { SlackContext } from '../../context.js';
import { replaceOriginal } from '../reply.js';
import { adminButton } from './admin-button.js';

const lockKey = (tenant: string) => `slack:disconnect:${tenant}`;

/**
 * Disconnect, after the question. Clicks are serialised per tenant and only a connected tenant is
 * disconnected, so a double click revokes once and the admin channel hears of it once.
 */
export function disconnectConfirmClicked(ctx: SlackContext) {
  return adminButton(ctx, 'disconnecting', async ({ tenant, actor, respond }) => {
    const result = await ctx.store.locks.withLock(lockKey(tenant), async () => {
      const status = await ctx.workflow.authStatus(tenant);
      if (status.state === 'not_authenticated') return { wasAuthenticated: false, revokedAtAco: false };
      return ctx.workflow.disconnect(tenant, actor);
    });
    await respond(replaceOriginal(outcomeMessage(disconnectOutcomeView(result))));
  });
}
