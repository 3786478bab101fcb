import { ACO_VALUES_CONFIRM_NOTE } from '../../core/aco-values.js';
import { CONFIRM_TITLE, confirmRequestLine, NOTHING_DIFFERS } from '../../core/confirm-text.js';
import { checkElements } from './assist-elements.js';
import type { FieldChange } from '../../core/settings.js';
import type { ConfirmView } from '../../core/views.js';
import { VERBS } from '../verbs.js';
import { card, executeAction, facts, heading, plain, subtle, text, type AdaptiveCard } from './elements.js';

const shown = (v: string | null) => (v === null || v === '' ? 'none' : plain(v, 120));

/** One line per field: "old → new" where it changes, the value and "(unchanged)" where it does not. */
export function changeFacts(changes: FieldChange[], onlyChanged = false) {
  return facts(
    changes
      .filter((c) => !onlyChanged || c.changed)
      .map((c): [string, string] => [
        c.label,
        c.changed ? `${shown(c.before)} → ${shown(c.after)}` : `${shown(c.after)} (unchanged)`,
      ]),
  );
}

/** Xima's "Confirm Changes" dialog as a message: old → new per field, OK / Cancel (Universal Actions). */
export function confirmCard(view: ConfirmView): AdaptiveCard {
  return card(
    [
      heading(CONFIRM_TITLE),
      text(confirmRequestLine(view, (a) => plain(a.name, 80))),
      changeFacts(view.changes),
      ...(view.anyChange ? [] : [text(NOTHING_DIFFERS, { color: 'warning' })]),
      ...(view.fromAco ? [subtle(ACO_VALUES_CONFIRM_NOTE)] : []),
      ...(view.check ? checkElements(view.check) : []),
      subtle(`API Auth Status: ${view.auth.text}`),
    ],
    [
      executeAction('OK', VERBS.confirmOk, { draftId: view.draftId }, 'positive'),
      executeAction('Cancel', VERBS.confirmCancel, { draftId: view.draftId }),
    ],
    CONFIRM_TITLE,
  );
}
