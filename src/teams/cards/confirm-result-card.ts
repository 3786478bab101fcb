import type { CancelResult, ConfirmResult } from '../../core/views.js';
import { VERBS } from '../verbs.js';
import { changeFacts } from './confirm-card.js';
import { card, executeAction, heading, openSettingsAction, plain, subtle, text, when, type AdaptiveCard } from './elements.js';

const reopen = () => openSettingsAction('Reopen settings');

export function savedCard(version: number, by: string, savedAt: string, changes: Parameters<typeof changeFacts>[0]): AdaptiveCard {
  const changed = changes.filter((c) => c.changed);
  return card(
    [
      heading(`Saved — version ${version} by ${plain(by, 80)}`, 'good'),
      ...(changed.length ? [changeFacts(changed)] : []),
      subtle(`Saved ${when(savedAt)}.`),
    ],
    [],
    `Saved — version ${version}`,
  );
}

export const discardedCard = (): AdaptiveCard =>
  card([heading('Discarded'), text('Nothing was changed.')], [], 'Discarded');

function goneCard(title: string, message: string): AdaptiveCard {
  return card([heading(title, 'warning'), text(message)], [reopen()], title);
}

/** What replaces Confirm Changes after OK. */
export function confirmResultCard(result: ConfirmResult): AdaptiveCard {
  switch (result.outcome) {
    case 'saved':
      return savedCard(result.record.version, result.record.savedBy.name, result.record.savedAt, result.changes);
    case 'stale':
      return goneCard(
        'Not saved: the settings changed meanwhile',
        `Version ${result.currentVersion} was saved${result.savedBy ? ` by ${plain(result.savedBy.name, 80)}` : ''} after this change was prepared, so OK would overwrite it. Reopen the settings to start from the current values.`,
      );
    case 'not_authenticated':
      return card(
        [
          heading('Not saved: ACO is not authenticated', 'attention'),
          text(`API Auth Status: ${result.auth.text}`),
          text('Authenticate with an ACO Super Admin; Confirm Changes comes back afterwards.'),
        ],
        [executeAction('Re-authenticate', VERBS.reauthenticate, { draftId: result.draftId }, 'positive')],
        'Not saved: ACO is not authenticated',
      );
    case 'cancelled':
      return discardedCard();
    case 'expired':
      return goneCard('This change expired', 'Changes wait 24 hours for OK. Reopen the settings to start again.');
    case 'not_found':
      return goneCard('This change is no longer available', 'Reopen the settings to start again.');
  }
}

/** What replaces Confirm Changes after Cancel. */
export function cancelResultCard(result: CancelResult): AdaptiveCard {
  switch (result.outcome) {
    case 'cancelled':
      return discardedCard();
    case 'already_saved':
      return card([heading(`Already saved as version ${result.version}`), text('Cancel came too late; use Edit settings to change it again.')], [reopen()]);
    case 'not_found':
      return goneCard('This change is no longer available', 'Nothing was changed.');
  }
}
