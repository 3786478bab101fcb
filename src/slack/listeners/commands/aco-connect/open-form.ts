import type { SlashCommand, webApi } from '@slack/bolt';
import type { FormView } from '../../../../core/views.js';
import type { SlackContext } from '../../../context.js';
import { tenantOf } from '../../../identity.js';
import { openSettingsModal } from '../../../settings-modal-flow.js';

/** No argument: the Platform Settings form, prefilled. */
export async function openForm(
  ctx: SlackContext,
  client: webApi.WebClient,
  command: SlashCommand,
  form?: Promise<FormView>,
): Promise<void> {
  await openSettingsModal(ctx, client, {
    triggerId: command.trigger_id,
    tenant: tenantOf(command.team_id),
    metadata: { channel: command.channel_id },
    form,
  });
}

/**
 * Starts reading the form before the admin check answers, so the store read and users.info overlap
 * (the benchmark's slowest path). A non-admin's read is dropped unseen.
 */
export function prefetchForm(ctx: SlackContext, command: SlashCommand): Promise<FormView> {
  const form = ctx.workflow.openForm(tenantOf(command.team_id));
  form.catch(() => {}); // Observed here so a dropped read never becomes an unhandled rejection.
  return form;
}
