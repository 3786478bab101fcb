import type { types } from '@slack/bolt';
import { ACO_VALUES_CONFIRM_NOTE } from '../../core/aco-values.js';
import { CONFIRM_TITLE, confirmRequestLine, NOTHING_DIFFERS } from '../../core/confirm-text.js';
import type { FieldChange } from '../../core/settings.js';
import type { ConfirmView } from '../../core/views.js';
import { ACTIONS } from '../ids.js';
import { checkBlocks } from './assist.js';
import { context, describeValue, escapeMrkdwn, plain, section, who, type SlackMessage } from './text.js';

export type ChangeLine = Pick<FieldChange, 'label' | 'before' | 'after' | 'changed'>;

/** One line per field: old → new when it changes, the value alone when it does not. */
export function changeLines(changes: ChangeLine[]): string {
  return changes
    .map((c) =>
      c.changed
        ? `*${c.label}:* ${describeValue(c.before)} → ${describeValue(c.after)}`
        : `*${c.label}:* ${describeValue(c.after)} _(unchanged)_`,
    )
    .join('\n');
}

/** Xima's "Confirm Changes" dialog as a message: the diff, OK and Cancel (and Re-authenticate beside). */
export function confirmChangesMessage(view: ConfirmView): SlackMessage {
  const elements: types.Button[] = [
    { type: 'button', action_id: ACTIONS.confirmOk, text: plain('OK', 75), style: 'primary', value: view.draftId },
    { type: 'button', action_id: ACTIONS.confirmCancel, text: plain('Cancel', 75), value: view.draftId },
  ];
  if (view.auth.authenticated) {
    elements.push({
      type: 'button',
      action_id: ACTIONS.reauthenticate,
      text: plain('Re-authenticate', 75),
      value: 'confirm',
    });
  }
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain(CONFIRM_TITLE, 150) },
    section(confirmRequestLine(view, who)),
    section(changeLines(view.changes)),
  ];
  if (!view.anyChange) blocks.push(section(`_${NOTHING_DIFFERS}_`));
  if (view.fromAco) blocks.push(context(`:satellite_antenna: ${escapeMrkdwn(ACO_VALUES_CONFIRM_NOTE)}`));
  if (view.check) blocks.push(...checkBlocks(view.check));
  blocks.push(context(`*API Auth Status:* ${escapeMrkdwn(view.auth.text)}`), {
    type: 'actions',
    block_id: 'aco_confirm',
    elements,
  });
  return { text: 'Confirm Changes to the ACO Platform Settings', blocks };
}
