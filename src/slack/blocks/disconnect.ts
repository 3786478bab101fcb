import type { AuthView, DisconnectResult } from '../../core/views.js';
import { ACTIONS } from '../ids.js';
import { escapeMrkdwn, plain, section, type SlackMessage } from './text.js';

/** `/aco-connect disconnect` asks first: revoking stops the integration until someone authenticates again. */
export function disconnectPrompt(auth: AuthView): SlackMessage {
  return {
    text: 'Disconnect aco-connect from Avaya Cloud Office?',
    blocks: [
      section(
        `*Disconnect from Avaya Cloud Office?*\n*API Auth Status:* ${escapeMrkdwn(auth.text)}\nThe ACO authorization is revoked and Xima stops receiving ACO data until someone authenticates again. The saved Platform Settings stay.`,
      ),
      {
        type: 'actions',
        block_id: 'aco_disconnect',
        elements: [
          { type: 'button', action_id: ACTIONS.disconnectConfirm, text: plain('Disconnect', 75), style: 'danger', value: 'disconnect' },
          { type: 'button', action_id: ACTIONS.disconnectCancel, text: plain('Keep connected', 75), value: 'keep' },
        ],
      },
    ],
  };
}

export function disconnectedMessage(result: DisconnectResult): SlackMessage {
  const detail = result.revokedAtAco
    ? 'The authorization was revoked at ACO.'
    : 'ACO could not be reached to revoke it; aco-connect forgot the tokens, so it no longer uses them.';
  return { text: 'Disconnected from Avaya Cloud Office', blocks: [section(`:electric_plug: *Disconnected from Avaya Cloud Office.* ${detail}`)] };
}

export function notConnectedMessage(): SlackMessage {
  return { text: 'Nothing to disconnect', blocks: [section('Nothing to disconnect: ACO is not authenticated.')] };
}

export function keptMessage(): SlackMessage {
  return { text: 'Still connected', blocks: [section('OK, nothing was changed.')] };
}
