import type { CoreEvent } from '../../core/events.js';
import { readAuthMessageContext } from '../auth-message.js';
import { authSucceededMessage } from '../blocks/auth-prompt.js';
import { postConfirmChanges } from '../confirm-check.js';
import type { SlackContext } from '../context.js';
import { openDm, postMessage, updateMessage } from '../direct-message.js';
import { slackErrorCode } from '../slack-errors.js';
import { postNotice } from './post-notice.js';

type AuthSucceeded = Extract<CoreEvent, { type: 'auth.succeeded' }>;

/**
 * The OAuth callback completed: the Authenticate message turns into "Authenticated as NAME (ext N)",
 * Confirm Changes follows in the same conversation, and the admin channel hears of it.
 */
export async function onAuthSucceeded(ctx: SlackContext, e: AuthSucceeded): Promise<void> {
  try {
    await followUpInChat(ctx, e);
  } finally {
    // The admin channel hears of the sign-in even when the DM could not be updated.
    await postNotice(ctx, e);
  }
}

async function followUpInChat(ctx: SlackContext, e: AuthSucceeded): Promise<void> {
  const ref = readAuthMessageContext(e.context);
  const message = authSucceededMessage(e.acoUser);
  let channel: string | undefined;
  if (ref) {
    try {
      await updateMessage(ctx.client, ref, message);
      channel = ref.channel;
    } catch (err) {
      ctx.logger.warn({ tenant: e.tenant, error: slackErrorCode(err) }, 'could not update the Authenticate message');
    }
  }
  if (!channel && e.actor.platform === 'slack') {
    // The message is gone (or was never known): say it in a fresh DM instead.
    channel = await openDm(ctx.client, e.actor.id);
    await postMessage(ctx.client, channel, message);
  }
  const draftId = e.draftId ?? ref?.draftId;
  if (channel && draftId) {
    const view = await ctx.workflow.confirmView(e.tenant, draftId);
    if (view) await postConfirmChanges(ctx, ctx.client, channel, view, e.actor);
  }
}
