import type { SlackContext } from '../../context.js';
import { openSettingsModal } from '../../settings-modal-flow.js';
import { adminButton } from './admin-button.js';

/** After a stale confirm: the click brings a fresh trigger_id, so the form can open again, prefilled. */
export function reopenFormClicked(ctx: SlackContext) {
  return adminButton(ctx, 'opening the form', async ({ tenant, triggerId, message, client }) => {
    await openSettingsModal(ctx, client, { triggerId, tenant, metadata: message ? { channel: message.channel } : {} });
  });
}
