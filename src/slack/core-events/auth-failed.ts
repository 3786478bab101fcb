import type { CoreEvent } from '../../core/events.js';
import { WorkflowError } from '../../core/workflow.js';
import { readAuthMessageContext } from '../auth-message.js';
import { authFailedMessage } from '../blocks/auth-prompt.js';
import { authFailedNotice } from '../blocks/notices.js';
import type { SlackContext } from '../context.js';
import { postDm, updateMessage } from '../direct-message.js';

type AuthFailed = Extract<CoreEvent, { type: 'auth.failed' }>;

/** The callback failed: the same message says what failed and carries a fresh single-use link. */
export async function onAuthFailed(ctx: SlackContext, e: AuthFailed): Promise<void> {
  const ref = readAuthMessageContext(e.context);
  if (e.actor && e.actor.platform === 'slack') {
    let begun: { url: string; state: string } | undefined;
    try {
      begun = await ctx.workflow.beginAuthentication(e.tenant, e.actor, { draftId: ref?.draftId });
    } catch (err) {
      if (!(err instanceof WorkflowError)) throw err;
    }
    const message = authFailedMessage({ message: e.message, url: begun?.url });
    const where = ref ?? (await postDm(ctx.client, e.actor.id, message));
    if (ref) await updateMessage(ctx.client, ref, message);
    if (begun) await ctx.workflow.bindAuthContext(begun.state, { ...where, ...(ref?.draftId ? { draftId: ref.draftId } : {}) });
  }
  await ctx.notifier.notify(e.tenant, authFailedNotice(e.actor, e.message), { actingUser: e.actor?.id });
}
