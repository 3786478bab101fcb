import { noticeModal } from '../../blocks/settings-modal.js';
import { continueDraftInDm } from '../../confirm-check.js';
import type { SlackContext } from '../../context.js';
import { openDm } from '../../direct-message.js';
import { section } from '../../blocks/text.js';
import { adminButton } from './admin-button.js';

/** "Use ACO's values" (form or status): a draft of ACO's own values, then Confirm Changes in the DM. */
export function useAcoValuesClicked(ctx: SlackContext) {
  return adminButton(ctx, "taking ACO's values", async ({ tenant, actor, client, viewId, respond }) => {
    const result = await ctx.workflow.useAcoValues(tenant, actor);
    const dm = await openDm(client, actor.id);
    if (!result.ok) {
      const message = { text: result.message, blocks: [section(result.message)] };
      if (viewId) await client.views.update({ view_id: viewId, view: noticeModal("ACO's values", result.message) });
      else await respond({ response_type: 'ephemeral', replace_original: false, ...message });
      return;
    }
    if (viewId) {
      await client.views.update({
        view_id: viewId,
        view: noticeModal("ACO's values", 'Confirm Changes with ACO’s values is in your direct messages.'),
      });
    }
    await continueDraftInDm(ctx, client, tenant, actor, result, dm);
  });
}
