import type { webApi } from '@slack/bolt';
import type { Actor, TenantId } from '../core/types.js';
import type { ConfirmView, DraftCreated } from '../core/views.js';
import { showAuthPrompt } from './auth-message.js';
import { confirmChangesMessage } from './blocks/confirm-changes.js';
import type { SlackContext } from './context.js';
import { postMessage, updateMessage, type MessageRef } from './direct-message.js';
import { slackErrorCode } from './slack-errors.js';

/** The step after a new draft, in the admin's DM: the Authenticate prompt, or Confirm Changes at once. */
export async function continueDraftInDm(
  ctx: SlackContext,
  client: webApi.WebClient,
  tenant: TenantId,
  actor: Actor,
  draft: DraftCreated,
  dm: string,
): Promise<void> {
  if (draft.next === 'authenticate') {
    await showAuthPrompt(ctx, client, {
      tenant,
      actor,
      statusText: draft.auth.text,
      draftId: draft.draftId,
      channel: dm,
    });
  } else {
    await postConfirmChanges(ctx, client, dm, draft.confirm, actor);
  }
}

/**
 * Posts Confirm Changes, then runs the connectivity check of the draft in the background and updates the
 * message with its results (never inside an ack; OK works all the while). Returns once the message is posted.
 */
export async function postConfirmChanges(
  ctx: SlackContext,
  client: webApi.WebClient,
  channel: string,
  view: ConfirmView,
  actor: Actor,
): Promise<MessageRef> {
  const running = ctx.workflow.checkRunningView();
  const ref = await postMessage(client, channel, confirmChangesMessage(running ? { ...view, check: running } : view));
  if (running) void updateWithCheck(ctx, client, ref, view.tenant, actor, view.draftId);
  return ref;
}

async function updateWithCheck(
  ctx: SlackContext,
  client: webApi.WebClient,
  ref: MessageRef,
  tenant: TenantId,
  actor: Actor,
  draftId: string,
): Promise<void> {
  try {
    await ctx.workflow.checkDraft(tenant, actor, draftId, (checked) =>
      updateMessage(client, ref, confirmChangesMessage(checked)),
    );
  } catch (err) {
    ctx.logger.warn({ tenant, error: slackErrorCode(err) }, 'could not show the connectivity check on Confirm Changes');
  }
}
