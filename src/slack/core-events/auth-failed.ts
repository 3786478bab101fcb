import type { CoreEvent } from '../../core/events.js';
import { WorkflowError } from '../../core/workflow-error.js';
import { readAuthMessageContext, type AuthMessageContext } from '../auth-message.js';
import { authFailedMessage } from '../blocks/auth-prompt.js';
import type { SlackContext } from '../context.js';
import { postDm, updateMessage } from '../direct-message.js';
import { postNotice } from './post-notice.js';

type AuthFailed = Extract<CoreEvent, { type: 'auth.failed' }>;

/** The callback failed: the same message says what failed and carries a fresh single-use link. */
export async function onAuthFailed(ctx: SlackContext, e: AuthFailed): Promise<void> {
  try {
    const ref = readAuthMessageContext(e.context);
    if (e.actor && e.actor.platform === 'slack') {
      // Without the original message (it was never bound), a new DM takes its place.
      const where = ref ?? { ...(await postDm(ctx.client, e.actor.id, authFailedMessage({ message: e.message }))) };
      const context: AuthMessageContext = {
        channel: where.channel,
        ts: where.ts,
        ...(ref?.draftId ? { draftId: ref.draftId } : {}),
      };
      let url: string | undefined;
      try {
        ({ url } = await ctx.workflow.beginAuthentication(e.tenant, e.actor, { draftId: ref?.draftId, context }));
      } catch (err) {
        if (!(err instanceof WorkflowError)) throw err;
      }
      await updateMessage(ctx.client, where, authFailedMessage({ message: e.message, url }));
    }
  } finally {
    await postNotice(ctx, e);
  }
}
