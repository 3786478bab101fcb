import type { Tone } from './format.js';
import { minuteUtc } from './time-format.js';
import { recordingUnlicensedMessage, type FieldChange } from './settings.js';
import type { Actor } from './types.js';
import type { AuthView, CancelResult, ConfirmResult, DisconnectResult } from './views.js';

/*
 * What replaces Confirm Changes or the Disconnect question once the admin answered, as plain data:
 * the same words in Slack and Teams; buttons and styling are the adapters'.
 */

export type OutcomeKind =
  | ConfirmResult['outcome']
  | CancelResult['outcome']
  | 'disconnect_prompt'
  | 'disconnected'
  | 'not_connected'
  | 'kept_connected';

export interface OutcomeView {
  kind: OutcomeKind;
  /** Without who did it; `headline` (format.ts) adds "by <actor>". */
  title: string;
  actor?: Actor;
  tone?: Tone;
  lines: string[];
  /** Small print: when. */
  details: string[];
  /** The fields a save changed. */
  changes?: FieldChange[];
  /** What the admin can do next: open the settings form afresh, or sign in at ACO again. */
  next?: 'reopen' | 'reauthenticate';
  /** The change a Re-authenticate should come back to. */
  draftId?: string;
}

const view = (kind: OutcomeKind, title: string, more: Partial<OutcomeView> = {}): OutcomeView => ({
  kind,
  title,
  lines: [],
  details: [],
  ...more,
});

const discarded = () => view('cancelled', 'Discarded', { lines: ['Nothing was saved.'] });
const gone = (lines: string[]) =>
  view('not_found', 'This change is no longer available', { tone: 'warning', lines, next: 'reopen' });

/** After OK on Confirm Changes. */
export function confirmOutcomeView(result: ConfirmResult): OutcomeView {
  switch (result.outcome) {
    case 'saved':
      return view('saved', `Saved — version ${result.record.version}`, {
        actor: result.record.savedBy,
        tone: 'good',
        changes: result.changes.filter((c) => c.changed),
        details: [`Saved ${minuteUtc(result.record.savedAt)}.`],
      });
    case 'stale':
      // Nothing is overwritten: the admin starts again from what is saved now.
      return view('stale', `Not saved: version ${result.currentVersion} was saved meanwhile`, {
        ...(result.savedBy ? { actor: result.savedBy } : {}),
        tone: 'warning',
        lines: [
          'Your change was based on an older version, so it was not applied. Start again from the current settings.',
        ],
        next: 'reopen',
      });
    case 'not_authenticated':
      return view('not_authenticated', 'Not saved: ACO is not authenticated', {
        tone: 'attention',
        lines: [`API Auth Status: ${result.auth.text}`, 'Authenticate with an ACO Super Admin, then press OK again.'],
        next: 'reauthenticate',
        draftId: result.draftId,
      });
    case 'not_licensed':
      return view('not_licensed', 'Not saved: recording is not licensed', {
        tone: 'warning',
        lines: [recordingUnlicensedMessage(), 'Start again with Call Recording set to No.'],
        next: 'reopen',
      });
    case 'cancelled':
      return discarded();
    case 'expired':
      return view('expired', 'This change expired', {
        tone: 'warning',
        lines: ['Changes wait 24 hours for OK. Start again from the current settings.'],
        next: 'reopen',
      });
    case 'not_found':
      return gone(['Start again from the current settings.']);
  }
}

/** After Cancel on Confirm Changes. */
export function cancelOutcomeView(result: CancelResult): OutcomeView {
  switch (result.outcome) {
    case 'cancelled':
      return discarded();
    case 'already_saved':
      return view('already_saved', `Already saved as version ${result.version}`, {
        tone: 'good',
        lines: ['Cancel came too late: the change is saved. Edit the settings again to change it.'],
        next: 'reopen',
      });
    case 'not_found':
      return gone(['Nothing was changed.']);
  }
}

/** The question before Disconnect: revoking stops the integration until someone authenticates again. */
export function disconnectPromptView(auth: AuthView): OutcomeView {
  return view('disconnect_prompt', 'Disconnect from Avaya Cloud Office?', {
    lines: [
      `API Auth Status: ${auth.text}`,
      'aco-connect revokes its ACO authorization and forgets the tokens, and Xima stops receiving ACO data until someone authenticates again. The saved Platform Settings stay.',
    ],
  });
}

export function disconnectOutcomeView(result: DisconnectResult): OutcomeView {
  if (!result.wasAuthenticated)
    return view('not_connected', 'Nothing to disconnect', { lines: ['ACO is not authenticated.'] });
  return view('disconnected', 'Disconnected from Avaya Cloud Office', {
    lines: [
      result.revokedAtAco
        ? 'The authorization was revoked at ACO and the tokens forgotten.'
        : 'ACO could not be reached to revoke the authorization; aco-connect forgot the tokens, so it no longer uses them.',
    ],
  });
}

export const keptConnectedView = (): OutcomeView =>
  view('kept_connected', 'Kept connected', { lines: ['Nothing was changed.'] });
