import { headline } from '../../core/format.js';
import type { OutcomeView } from '../../core/outcomes.js';
import { VERBS } from '../verbs.js';
import { changeFacts } from './confirm-card.js';
import {
  card,
  executeAction,
  heading,
  openSettingsAction,
  plain,
  subtle,
  text,
  type AdaptiveCard,
  type CardAction,
} from './elements.js';

function nextStep(view: OutcomeView): CardAction[] {
  if (view.next === 'reopen') return [openSettingsAction('Reopen settings')];
  if (view.next === 'reauthenticate')
    return [
      executeAction('Re-authenticate', VERBS.reauthenticate, view.draftId ? { draftId: view.draftId } : {}, 'positive'),
    ];
  return [];
}

/** An answer to OK, Cancel or Disconnect (core/outcomes.ts) as the card that replaces the one clicked. */
export function outcomeCard(view: OutcomeView, extraActions: CardAction[] = []): AdaptiveCard {
  const title = plain(
    headline(view, (a) => plain(a.name, 80)),
    300,
  );
  return card(
    [
      heading(title, view.tone),
      ...(view.changes && view.changes.length > 0 ? [changeFacts(view.changes)] : []),
      ...view.lines.map((l) => text(plain(l, 600))),
      ...view.details.map((d) => subtle(plain(d, 300))),
    ],
    [...nextStep(view), ...extraActions],
    title,
  );
}
