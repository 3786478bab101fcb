import type { types } from '@slack/bolt';
import type { FieldChange } from '../../core/settings.js';
import type { Actor, SettingsRecord } from '../../core/types.js';
import type { ConfirmView } from '../../core/views.js';
import { ACTIONS } from '../ids.js';
import { context, describeValue, escapeMrkdwn, mention, plain, section, type SlackMessage } from './text.js';

export interface ChangeLine {
  label: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

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

const who = (actor: Actor) => (actor.platform === 'slack' ? mention(actor.id) : escapeMrkdwn(actor.name));

/** Xima's "Confirm Changes" dialog as a message: the diff, OK and Cancel (and Re-authenticate beside). */
export function confirmChangesMessage(view: ConfirmView): SlackMessage {
  const elements: types.Button[] = [
    { type: 'button', action_id: ACTIONS.confirmOk, text: plain('OK', 75), style: 'primary', value: view.draftId },
    { type: 'button', action_id: ACTIONS.confirmCancel, text: plain('Cancel', 75), value: view.draftId },
  ];
  if (view.auth.authenticated) {
    elements.push({ type: 'button', action_id: ACTIONS.reauthenticate, text: plain('Re-authenticate', 75), value: 'confirm' });
  }
  const base = view.baseVersion === 0 ? 'Nothing is saved yet.' : `Changes to version ${view.baseVersion}.`;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain('Confirm Changes', 150) },
    section(`${base} Requested by ${who(view.requestedBy)}.`),
    section(changeLines(view.changes)),
  ];
  if (!view.anyChange) blocks.push(section('_Nothing differs from the saved settings; OK saves them again as a new version._'));
  blocks.push(
    context(`*API Auth Status:* ${escapeMrkdwn(view.auth.text)}`),
    { type: 'actions', block_id: 'aco_confirm', elements },
  );
  return { text: 'Confirm Changes to the ACO Platform Settings', blocks };
}

export function savedMessage(record: SettingsRecord, changes: FieldChange[]): SlackMessage {
  const by = who(record.savedBy);
  const blocks: types.KnownBlock[] = [section(`:white_check_mark: *Saved — version ${record.version} by ${by}*`)];
  if (changes.length > 0) blocks.push(section(changeLines(changes)));
  return { text: `Saved — version ${record.version} by ${by}`, blocks };
}

export function discardedMessage(): SlackMessage {
  return { text: 'Discarded', blocks: [section(':x: *Discarded.* Nothing was saved.')] };
}

export function alreadySavedMessage(version: number): SlackMessage {
  return { text: `Already saved as version ${version}`, blocks: [section(`:white_check_mark: *Already saved as version ${version}.*`)] };
}

/** Someone saved in between: nothing is overwritten; a button reopens the form (a click brings a fresh trigger_id). */
export function staleMessage(currentVersion: number, savedBy?: Actor): SlackMessage {
  const by = savedBy ? ` by ${who(savedBy)}` : '';
  const text = `Not saved: version ${currentVersion} was saved${by} after you opened the form.`;
  return {
    text,
    blocks: [
      section(`:warning: *${text}* Your change was based on an older version, so it was not applied. Open the form to review the current settings and enter your change again.`),
      {
        type: 'actions',
        block_id: 'aco_stale',
        elements: [{ type: 'button', action_id: ACTIONS.reopenForm, text: plain('Open the form', 75), style: 'primary', value: 'reopen' }],
      },
    ],
  };
}

export function expiredMessage(): SlackMessage {
  return {
    text: 'This change expired',
    blocks: [section(':hourglass: *This change expired* (changes wait 24 hours for OK). Run `/aco-connect` to start again.')],
  };
}

export function draftGoneMessage(): SlackMessage {
  return {
    text: 'This change is no longer known',
    blocks: [section(':grey_question: *This change is no longer known.* Run `/aco-connect` to start again.')],
  };
}
