import type { types } from '@slack/bolt';
import { headline } from '../../core/format.js';
import type { OutcomeKind, OutcomeView } from '../../core/outcomes.js';
import { ACTIONS } from '../ids.js';
import { changeLines } from './confirm-changes.js';
import { context, escapeMrkdwn, plain, section, who, type SlackMessage } from './text.js';

const EMOJI: Partial<Record<OutcomeKind, string>> = {
  saved: ':white_check_mark:',
  already_saved: ':white_check_mark:',
  stale: ':warning:',
  not_authenticated: ':warning:',
  cancelled: ':x:',
  expired: ':hourglass:',
  not_found: ':grey_question:',
  disconnected: ':electric_plug:',
};

function nextStep(next: NonNullable<OutcomeView['next']>): types.ActionsBlock {
  // The reopen click brings a fresh trigger_id, which is what lets the form open again.
  const button: types.Button =
    next === 'reopen'
      ? {
          type: 'button',
          action_id: ACTIONS.reopenForm,
          text: plain('Open the form', 75),
          style: 'primary',
          value: 'reopen',
        }
      : {
          type: 'button',
          action_id: ACTIONS.reauthenticate,
          text: plain('Re-authenticate', 75),
          style: 'primary',
          value: 'confirm',
        };
  return { type: 'actions', block_id: 'aco_next', elements: [button] };
}

/** An answer to OK, Cancel or Disconnect (core/outcomes.ts) as a message, usually replacing the one clicked. */
export function outcomeMessage(view: OutcomeView): SlackMessage {
  const title = headline({ ...view, title: escapeMrkdwn(view.title) }, who);
  const emoji = EMOJI[view.kind];
  const blocks: types.KnownBlock[] = [
    section([`${emoji ? `${emoji} ` : ''}*${title}*`, ...view.lines.map(escapeMrkdwn)].join('\n')),
  ];
  if (view.changes && view.changes.length > 0) blocks.push(section(changeLines(view.changes)));
  if (view.details.length > 0) blocks.push(context(...view.details.map(escapeMrkdwn)));
  if (view.next) blocks.push(nextStep(view.next));
  return { text: title, blocks };
}
