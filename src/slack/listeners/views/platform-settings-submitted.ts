import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { outageText } from '../../../core/store-outage.js';
import type { Actor } from '../../../core/types.js';
import { rememberActingAdmin } from '../../acting-admin.js';
import { checkAdmin } from '../../admin-check.js';
import { continueDraftInDm } from '../../confirm-check.js';
import { notAllowedMessage } from '../../blocks/errors.js';
import { noticeModal, type SettingsModalMetadata } from '../../blocks/settings-modal.js';
import type { SlackContext } from '../../context.js';
import { openDm } from '../../direct-message.js';
import { readFormInput, toBlockErrors } from '../../form-fields.js';
import { tenantOf } from '../../identity.js';
import { slackErrorCode } from '../../slack-errors.js';
import { reportFailure } from '../reply.js';

function metadataOf(raw: string): SettingsModalMetadata {
  try {
    const parsed = JSON.parse(raw) as SettingsModalMetadata;
    return typeof parsed?.channel === 'string' ? { channel: parsed.channel } : {};
  } catch {
    return {};
  }
}

/**
 * Save on the modal: errors go back on the fields; a valid form closes the modal and continues in a DM,
 * with the Authenticate prompt when ACO is not authenticated, or Confirm Changes at once when it is.
 */
export function platformSettingsSubmitted(ctx: SlackContext) {
  return async ({
    ack,
    body,
    view,
    client,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const tenant = tenantOf(teamId);
    const input = readFormInput(view.state.values);
    let actor: Actor;
    try {
      const check = await checkAdmin(ctx, client, { id: body.user.id, name: body.user.name, team: teamId });
      if (!check.ok) {
        await ack({
          response_action: 'update',
          view: noticeModal('Not allowed', notAllowedMessage(check.reason).text),
        });
        return;
      }
      actor = check.actor;
    } catch (err) {
      const code = slackErrorCode(err);
      ctx.logger.error({ tenant, error: code }, 'settings submission failed');
      await ack({
        response_action: 'update',
        view: noticeModal(
          'Not saved',
          `Sorry, your settings could not be taken (${code}). Nothing was changed; please try again.`,
        ),
      });
      return;
    }
    // Validation reads only the tenant's license (under the store's deadline), so field errors go back
    // within Slack's 3 s; everything else touches the store after the modal has closed.
    let parsed: Awaited<ReturnType<typeof ctx.workflow.validateForm>>;
    try {
      parsed = await ctx.workflow.validateForm(tenant, input);
    } catch (err) {
      const outage = outageText(err);
      if (outage) ctx.logger.warn({ tenant, error: 'storage_unavailable' }, 'settings submission not validated');
      else ctx.logger.error({ tenant, error: slackErrorCode(err) }, 'settings submission not validated');
      await ack({
        response_action: 'update',
        view: noticeModal(
          'Not saved',
          outage ?? 'Sorry, your settings could not be checked. Nothing was changed; please try again.',
        ),
      });
      return;
    }
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: toBlockErrors(parsed.errors) });
      return;
    }
    await ack();

    const to = { client, userId: actor.id, channel: metadataOf(view.private_metadata).channel };
    try {
      const submit = await ctx.workflow.createDraft(tenant, actor, parsed.settings);
      await rememberActingAdmin(ctx.store, tenant, actor.id);
      const dm = await openDm(client, actor.id);
      await continueDraftInDm(ctx, client, tenant, actor, submit, dm);
    } catch (err) {
      await reportFailure(ctx, err, 'continuing in a direct message', to);
    }
  };
}
