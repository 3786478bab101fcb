import { MessageFactory, type CloudAdapter } from 'botbuilder';
import { attachment, type AdaptiveCard } from './cards/elements.js';
import { asConversationReference, type StoredReference } from './conversation-refs.js';

/** Posting and updating cards outside a turn, from a stored conversation reference (continueConversationAsync). */
export class ProactiveMessenger {
  constructor(
    private readonly adapter: CloudAdapter,
    /** Empty in local-emulator mode, where botbuilder sends without credentials. */
    private readonly appId: string,
  ) {}

  /** Posts a card; returns the new message's id. */
  async post(reference: StoredReference, c: AdaptiveCard): Promise<string | undefined> {
    let id: string | undefined;
    await this.adapter.continueConversationAsync(this.appId, asConversationReference(reference), async (ctx) => {
      const sent = await ctx.sendActivity(MessageFactory.attachment(attachment(c)));
      id = sent?.id;
    });
    return id;
  }

  /** Replaces the card in a message the bot posted earlier. */
  async update(reference: StoredReference, activityId: string, c: AdaptiveCard): Promise<void> {
    await this.adapter.continueConversationAsync(this.appId, asConversationReference(reference), async (ctx) => {
      await ctx.updateActivity({ ...MessageFactory.attachment(attachment(c)), id: activityId });
    });
  }
}
