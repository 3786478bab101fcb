import type { webApi } from '@slack/bolt';
import type { TenantId } from '../core/types.js';
import { loadingModal, settingsModal, type SettingsModalMetadata } from './blocks/settings-modal.js';
import type { SlackContext } from './context.js';
import { slackErrorCode } from './slack-errors.js';

/**
 * Opens the modal within the trigger_id's 3 seconds with a placeholder, then fills it in from the store
 * (which may be slow) with views.update; the hash keeps a late update from overwriting a newer view.
 */
export async function openSettingsModal(
  ctx: Pick<SlackContext, 'workflow' | 'logger'>,
  client: webApi.WebClient,
  opts: { triggerId: string; tenant: TenantId; metadata?: SettingsModalMetadata },
): Promise<void> {
  const opened = await client.views.open({ trigger_id: opts.triggerId, view: loadingModal() });
  const form = await ctx.workflow.openForm(opts.tenant);
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');
  try {
    await client.views.update({ view_id: viewId, hash: opened.view?.hash, view: settingsModal(form, opts.metadata) });
  } catch (err) {
    const code = slackErrorCode(err);
    // The admin closed the placeholder, or something else replaced it: nothing left to fill in.
    if (code === 'not_found' || code === 'hash_conflict') {
      ctx.logger.info({ tenant: opts.tenant, error: code }, 'settings modal gone before it was filled in');
      return;
    }
    throw err;
  }
}
