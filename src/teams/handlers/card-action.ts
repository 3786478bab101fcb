import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/elements.js';
import { cancelResultCard, confirmResultCard } from '../cards/confirm-result-card.js';
import { disconnectResultCard, keptConnectedCard } from '../cards/disconnect-card.js';
import type { TeamsDeps } from '../deps.js';
import { VERBS, type Verb } from '../verbs.js';
import { authenticateInPlace, isNotConfigured } from './authenticate.js';
import type { Caller } from './caller.js';
import { useAcoValuesOutcome } from './use-aco-values.js';

/**
 * What a card button leads to: a replacement card, or only a message (the card stays). `shared` says
 * whether everyone in the conversation should see the replacement (a consent link is the clicker's own).
 */
export type CardActionOutcome =
  | { kind: 'card'; card: AdaptiveCard; shared: boolean }
  | { kind: 'message'; text: string }
  | { kind: 'bad_request'; text: string };

const draftIdOf = (data: Record<string, unknown>) =>
  typeof data.draftId === 'string' && data.draftId ? data.draftId : undefined;

/** Runs a card verb for an allowed caller; shared by Action.Execute invokes and their Action.Submit fallbacks. */
export async function runCardAction(
  ctx: TurnContext,
  deps: TeamsDeps,
  caller: Caller,
  verb: Verb,
  data: Record<string, unknown>,
): Promise<CardActionOutcome> {
  const { tenant, actor } = caller;
  const draftId = draftIdOf(data);
  switch (verb) {
    case VERBS.confirmOk: {
      if (!draftId) return { kind: 'bad_request', text: 'This button names no change.' };
      return {
        kind: 'card',
        card: confirmResultCard(await deps.workflow.confirmDraft(tenant, actor, draftId)),
        shared: true,
      };
    }
    case VERBS.confirmCancel: {
      if (!draftId) return { kind: 'bad_request', text: 'This button names no change.' };
      return {
        kind: 'card',
        card: cancelResultCard(await deps.workflow.cancelDraft(tenant, actor, draftId)),
        shared: true,
      };
    }
    case VERBS.reauthenticate:
      try {
        return { kind: 'card', card: await authenticateInPlace(ctx, deps, caller, draftId), shared: false };
      } catch (err) {
        if (isNotConfigured(err)) return { kind: 'message', text: err.message };
        throw err;
      }
    case VERBS.disconnectConfirm:
      return { kind: 'card', card: disconnectResultCard(await deps.workflow.disconnect(tenant, actor)), shared: true };
    case VERBS.disconnectCancel:
      return { kind: 'card', card: keptConnectedCard(), shared: true };
    case VERBS.useAcoValues:
      return useAcoValuesOutcome(deps, caller);
    case VERBS.openSettings:
    case VERBS.submitSettings:
      return { kind: 'message', text: 'Open the settings with "aco-connect" and the Edit settings button.' };
  }
}
