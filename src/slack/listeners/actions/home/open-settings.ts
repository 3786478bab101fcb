import type { SlackContext } from '../../../context.js';
import { openSettingsModal } from '../../../settings-modal-flow.js';
import { homeButton } from './home-button.js';

/** Open settings: the same form as /aco-connect, prefilled. */
export function homeOpenSettingsClicked(ctx: SlackContext) {
  return homeButton(ctx, 'opening the form', async ({ tenant, triggerId, client }) => {
    await openSettingsModal(ctx, client, { triggerId, tenant, metadata: {} });
  });
}
