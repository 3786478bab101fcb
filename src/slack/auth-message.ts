import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Actor, JsonValue, TenantId } from '../core/types.js';
import { WorkflowError } from '../core/workflow.js';
import { authPromptMessage, authUnavailableMessage } from './blocks/auth-prompt.js';
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
 * Mints a single-use consent link, shows it as the Authenticate button, then binds the message to the
 * state so the OAuth callback can update that very message. Posting first keeps the link inside the
 * message the callback will find; a callback that beats the bind falls back to a fresh DM.
 */
export async function showAuthPrompt(
  ctx: Pick<SlackContext, 'workflow'>,
  client: webApi.WebClient,
  target: AuthPromptTarget,
): Promise<MessageRef> {
  let begun: { url: string; state: string };
  try {
    begun = await ctx.workflow.beginAuthentication(target.tenant, target.actor, { draftId: target.draftId });
  } catch (err) {
    if (!(err instanceof WorkflowError)) throw err;
    return deliver(client, target, authUnavailableMessage(err.message));
  }
  const message = authPromptMessage({ statusText: target.statusText, url: begun.url, forDraft: !!target.draftId });
  const ref = await deliver(client, target, message);
  const context: AuthMessageContext = { ...ref, ...(target.draftId ? { draftId: target.draftId } : {}) };
  await ctx.workflow.bindAuthContext(begun.state, context);
  return ref;
}

async function deliver(
  client: webApi.WebClient,
  target: AuthPromptTarget,
  message: Parameters<typeof postMessage>[2],
): Promise<MessageRef> {
  if (target.replace) {
    await updateMessage(client, target.replace, message);
    return target.replace;
  }
  if (!target.channel) throw new Error('showAuthPrompt needs a channel or a message to replace');
  return postMessage(client, target.channel, message);
}
