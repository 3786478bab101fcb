import type { webApi } from '@slack/bolt';
import type { FormView } from '../core/views.js';
import type { TenantId } from '../core/types.js';
import { STORE_UNAVAILABLE_TITLE, outageText } from '../core/store-outage.js';
import { loadingModal, noticeModal, settingsModal, type SettingsModalMetadata } from './blocks/settings-modal.js';
import type { SlackContext } from './context.js';
import { slackErrorCode } from './slack-errors.js';

/**
 * How long the command waits for the form before it opens a placeholder. Well inside the trigger_id's 3 s
 * (the admin check has spent some of them), and far above a healthy store read.
 */
export const FORM_BUDGET_MS = 400;

/**
 * Opens the settings modal within the trigger_id's 3 seconds. When the core has the form ready within the
 * budget, the form itself is opened: one Web API call, as a bare Bolt app makes (the benchmark measured the
 * placeholder's extra views.update as most of the command path's extra CPU). When the store is slow, a
 * placeholder opens at once and views.update fills it in later; the hash keeps a late update from overwriting a
 * newer view.
 */
export async function openSettingsModal(
  ctx: Pick<SlackContext, 'workflow' | 'logger' | 'formBudgetMs'>,
  client: webApi.WebClient,
  opts: {
    triggerId: string;
    tenant: TenantId;
    metadata?: SettingsModalMetadata;
    formBudgetMs?: number;
    /** The form already being read (the command starts it while the admin check is under way). */
    form?: Promise<FormView>;
  },
): Promise<void> {
  const form = opts.form ?? ctx.workflow.openForm(opts.tenant);
  const ready = await within(form, opts.formBudgetMs ?? ctx.formBudgetMs ?? FORM_BUDGET_MS);
  if (ready) {
    await client.views.open({ trigger_id: opts.triggerId, view: settingsModal(ready.form, opts.metadata) });
    return;
  }
  const opened = await client.views.open({ trigger_id: opts.triggerId, view: loadingModal() });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error('views.open returned no view id');
  let view: ReturnType<typeof settingsModal>;
  try {
    view = settingsModal(await form, opts.metadata);
  } catch (err) {
    const outage = outageText(err);
    if (!outage) throw err;
    // The placeholder must not stay on "Loading…": it says what happened instead.
    ctx.logger.warn({ tenant: opts.tenant }, 'settings form not shown: store unavailable');
    await client.views
      .update({ view_id: viewId, hash: opened.view?.hash, view: noticeModal(STORE_UNAVAILABLE_TITLE, outage) })
      .catch(() => undefined);
    return;
  }
  try {
    await client.views.update({ view_id: viewId, hash: opened.view?.hash, view });
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

/** The form when it comes within `ms`, undefined otherwise; a failure within `ms` is thrown. */
async function within(form: Promise<FormView>, ms: number): Promise<{ form: FormView } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms), undefined);
  });
  try {
    return await Promise.race([form.then((f) => ({ form: f })), late]);
  } finally {
    clearTimeout(timer);
  }
}
