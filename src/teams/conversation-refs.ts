import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { JsonValue } from '../core/types.js';

/** Store keys (per tenant) for the conversations the bot posts to on its own. */
export const ADMIN_CHANNEL_KEY = 'teams.admin-channel';
/** Where a tenant's admin last used the bot: notices go there while no admin channel is set. */
export const LAST_CONVERSATION_KEY = 'teams.last-conversation';

const account = z.looseObject({ id: z.string() });

/** What proactive messaging needs from a stored reference; anything else Teams sent is kept as is. */
export const StoredReferenceSchema = z.looseObject({
  channelId: z.string(),
  serviceUrl: z.string().url(),
  conversation: z.looseObject({ id: z.string() }),
  bot: account.optional(),
  user: account.optional(),
  activityId: z.string().optional(),
});
export type StoredReference = z.infer<typeof StoredReferenceSchema>;

/** The chat context kept with an OAuth state, so the Authenticate card can be updated after the callback. */
export const TeamsAuthContextSchema = z.object({
  platform: z.literal('teams'),
  reference: StoredReferenceSchema,
  /** The message holding the Authenticate card. */
  activityId: z.string().optional(),
  /** Kept here too because auth.failed does not carry it, and Try again should keep the admin's change. */
  draftId: z.string().optional(),
});
export type TeamsAuthContext = z.infer<typeof TeamsAuthContextSchema>;

/** A reference safe to store as JSON (botbuilder leaves undefined members in it). */
export function referenceOf(activity: Partial<Activity>): StoredReference {
  const ref = TurnContext.getConversationReference(activity);
  return JSON.parse(JSON.stringify(ref)) as StoredReference;
}

/**
 * A channel reference that starts a new thread: Teams puts the thread root into the conversation id
 * (`19:…@thread.tacv2;messageid=…`), and a notice should not land in whatever thread ran the command.
 */
export function channelRoot(ref: StoredReference): StoredReference {
  const { activityId: _drop, ...rest } = ref;
  return {
    ...rest,
    conversation: { ...ref.conversation, id: ref.conversation.id.split(';messageid=')[0] ?? ref.conversation.id },
  };
}

export const asJson = (v: unknown) => v as JsonValue;
export const asConversationReference = (ref: StoredReference) => ref as unknown as Partial<ConversationReference>;

export function parseReference(value: unknown): StoredReference | undefined {
  const parsed = StoredReferenceSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
