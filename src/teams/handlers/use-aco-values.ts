import type { TeamsDeps } from '../deps.js';
import { confirmCard } from '../cards/confirm-card.js';
import type { Caller } from './caller.js';
import type { AdaptiveCard } from '../cards/elements.js';

/**
 * "Use ACO's values" on the status card: a draft of ACO's own values; the card turns into Confirm Changes
 * (its check follows when the caller posts it), or the reason ACO's values are missing is said.
 */
export async function useAcoValuesOutcome(
  deps: TeamsDeps,
  caller: Caller,
): Promise<{ kind: 'card'; card: AdaptiveCard; shared: boolean } | { kind: 'message'; text: string }> {
  const result = await deps.workflow.useAcoValues(caller.tenant, caller.actor);
  if (!result.ok) return { kind: 'message', text: result.message };
  if (result.next === 'authenticate')
    return { kind: 'message', text: 'Authenticate with ACO first (aco-connect, Edit settings, Save).' };
  return { kind: 'card', card: confirmCard(result.confirm), shared: false };
}
