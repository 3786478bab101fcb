import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Actor, JsonValue, TenantId } from '../core/types.js';
import { WorkflowError } from '../core/workflow-error.js';
import { authPreparingMessage, authPromptMessage, authUnavailableMessage } from './blocks/auth-prompt.js';
import type { SlackContext } from './context.js';
import { postMessage, updateMessage, type MessageRef } from './direct-message.js';

/** What we keep in the OAuth state's `context`: the message to update after the callback, and its draft. */
export const AuthMessageContextSchema = z.object({
  channel: z.string(),
  ts: z.string(),
  draftId: z.string().optional(),
});
export type AuthMessageContext = z.infer<typeof AuthMessageContextSchema>;

export function readAuthMessageContext(context: JsonValue | undefined): AuthMessageContext | undefined {
  const parsed = AuthMessageContextSchema.safeParse(context);
  return parsed.success ? parsed.data : undefined;
}

export interface AuthPromptTarget {
  tenant: TenantId;
  actor: Actor;
  /** API Auth Status as the admin should read it above the button. */
  statusText: string;
  draftId?: string;
  /** Post a new message here… */
  channel?: string;
  /** …or turn this message into the prompt. */
  replace?: MessageRef;
}

/**
 * Shows the Authenticate button bound to a fresh single-use consent state. The message exists before the
 * state does (a placeholder is posted first), so the state carries the message reference from the start
 * and no callback can arrive before it knows which message to update.
 */
export async function showAuthPrompt(
  ctx: Pick<SlackContext, 'workflow'>,
  client: webApi.WebClient,
  target: AuthPromptTarget,
): Promise<MessageRef> {
  let ref = target.replace;
  if (!ref) {
    if (!target.channel) throw new Error('showAuthPrompt needs a channel or a message to replace');
    ref = await postMessage(client, target.channel, authPreparingMessage(target.statusText));
  }
  const context: AuthMessageContext = { ...ref, ...(target.draftId ? { draftId: target.draftId } : {}) };
  let url: string;
  try {
    ({ url } = await ctx.workflow.beginAuthentication(target.tenant, target.actor, {
      draftId: target.draftId,
      context,
    }));
  } catch (err) {
    if (!(err instanceof WorkflowError)) throw err;
    await updateMessage(client, ref, authUnavailableMessage(err.message));
    return ref;
  }
  await updateMessage(
    client,
    ref,
    authPromptMessage({ statusText: target.statusText, url, forDraft: !!target.draftId }),
  );
  return ref;
}
