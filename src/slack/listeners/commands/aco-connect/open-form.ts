import type { SlashCommand, webApi } from '@slack/bolt';
import type { SlackContext } from '../../../context.js';
import { tenantOf } from '../../../identity.js';
import { openSettingsModal } from '../../../settings-modal-flow.js';

/** No argument: the Platform Settings form, prefilled. */
export async function openForm(ctx: SlackContext, client: webApi.WebClient, command: SlashCommand): Promise<void> {
  await openSettingsModal(ctx, client, {
    triggerId: command.trigger_id,
    tenant: tenantOf(command.team_id),
    metadata: { channel: command.channel_id },
  });
}
