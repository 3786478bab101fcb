import type { AuthView, DisconnectResult } from '../../core/views.js';
import { VERBS } from '../verbs.js';
import { card, executeAction, heading, text, type AdaptiveCard } from './elements.js';

/** `aco-connect disconnect` asks first: revoking stops the integration until someone authenticates again. */
export function disconnectConfirmCard(auth: AuthView): AdaptiveCard {
  return card(
    [
      heading('Disconnect Avaya Cloud Office?'),
      text(`API Auth Status: ${auth.text}`),
      text('aco-connect revokes its ACO authorization and forgets the tokens. Saving settings needs a new sign-in afterwards.'),
    ],
    [
      executeAction('Disconnect', VERBS.disconnectConfirm, {}, 'destructive'),
      executeAction('Keep connected', VERBS.disconnectCancel),
    ],
    'Disconnect Avaya Cloud Office?',
  );
}

export function disconnectResultCard(result: DisconnectResult): AdaptiveCard {
  const lines = !result.wasAuthenticated
    ? ['ACO was not connected; nothing to revoke.']
    : result.revokedAtAco
      ? ['The ACO authorization was revoked and the tokens forgotten.']
      : ['ACO could not be reached to revoke the authorization; the tokens were forgotten here anyway.'];
  return card([heading('Disconnected'), ...lines.map((l) => text(l))], [], 'Disconnected');
}

export const keptConnectedCard = (): AdaptiveCard => card([heading('Kept connected'), text('Nothing was changed.')], [], 'Kept connected');
