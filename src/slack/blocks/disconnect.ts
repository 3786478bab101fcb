import type { types } from '@slack/bolt';
import { disconnectPromptView } from '../../core/outcomes.js';
import type { AuthView } from '../../core/views.js';
import { ACTIONS } from '../ids.js';
import { outcomeMessage } from './outcome.js';
import { plain, type SlackMessage } from './text.js';

/** `/aco-connect disconnect` asks first: revoking stops the integration until someone authenticates again. */
export function disconnectPrompt(auth: AuthView): SlackMessage {
  const question = outcomeMessage(disconnectPromptView(auth));
  const buttons: types.ActionsBlock = {
    type: 'actions',
    block_id: 'aco_disconnect',
    elements: [
      {
        type: 'button',
        action_id: ACTIONS.disconnectConfirm,
        text: plain('Disconnect', 75),
        style: 'danger',
        value: 'disconnect',
      },
      { type: 'button', action_id: ACTIONS.disconnectCancel, text: plain('Keep connected', 75), value: 'keep' },
    ],
  };
  return { text: question.text, blocks: [...question.blocks, buttons] };
}
