import { disconnectOutcomeView, disconnectPromptView, keptConnectedView } from '../../core/outcomes.js';
import type { AuthView, DisconnectResult } from '../../core/views.js';
import { VERBS } from '../verbs.js';
import { executeAction, type AdaptiveCard } from './elements.js';
import { outcomeCard } from './outcome-card.js';

/** `aco-connect disconnect` asks first: revoking stops the integration until someone authenticates again. */
export function disconnectConfirmCard(auth: AuthView): AdaptiveCard {
  return outcomeCard(disconnectPromptView(auth), [
    executeAction('Disconnect', VERBS.disconnectConfirm, {}, 'destructive'),
    executeAction('Keep connected', VERBS.disconnectCancel),
  ]);
}

export const disconnectResultCard = (result: DisconnectResult): AdaptiveCard =>
  outcomeCard(disconnectOutcomeView(result));

export const keptConnectedCard = (): AdaptiveCard => outcomeCard(keptConnectedView());
