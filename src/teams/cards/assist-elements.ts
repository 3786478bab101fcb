import { USE_ACO_VALUES } from '../../core/aco-values.js';
import type { AcoValuesInfo, CheckView } from '../../core/settings-assist.js';
import { VERBS } from '../verbs.js';
import { executeAction, plain, subtle, text, type CardAction, type CardElement } from './elements.js';

/* ACO's own values and the connectivity check as Adaptive Card 1.5 elements (pure). The words are the core's. */

export function checkElements(view: CheckView): CardElement[] {
  return [
    text(view.title, { weight: 'Bolder', spacing: 'Medium', separator: true }),
    ...view.lines.slice(0, 10).map((l) =>
      text(plain(l, 400), {
        spacing: 'Small',
        ...(l.startsWith('⚠') ? { color: 'warning' } : l.startsWith('✓') ? { color: 'good' } : {}),
      }),
    ),
    ...(view.summary ? [subtle(view.summary)] : []),
    subtle(view.advisory),
  ];
}

/** ACO's note, and what ACO says for each field that differs. */
export function acoValuesElements(info: AcoValuesInfo | undefined): CardElement[] {
  if (!info) return [];
  if (!info.available) return [subtle(info.note)];
  return [
    text(info.note, { spacing: 'Small', size: 'Small', ...(info.differs ? { color: 'warning' } : {}) }),
    ...info.fields.filter((f) => f.differs && f.note).map((f) => subtle(`${f.label}: ${f.note}`)),
  ];
}

/** On a message card a Universal Action; in the settings dialog a submit (task/submit carries the verb). */
export function useAcoValuesAction(inDialog = false): CardAction {
  return inDialog
    ? { type: 'Action.Submit', title: USE_ACO_VALUES, data: { verb: VERBS.useAcoValues } }
    : executeAction(USE_ACO_VALUES, VERBS.useAcoValues);
}

/** The note under one form field where ACO says otherwise. */
export function acoFieldNote(info: AcoValuesInfo | undefined, field: string): CardElement[] {
  if (!info?.available) return [];
  const f = info.fields.find((x) => x.field === field && x.differs && x.note);
  return f?.note ? [subtle(f.note)] : [];
}
