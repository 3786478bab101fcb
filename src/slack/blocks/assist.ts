import type { types } from '@slack/bolt';
import { USE_ACO_VALUES } from '../../core/aco-values.js';
import type { AcoValuesInfo, CheckView } from '../../core/settings-assist.js';
import { ACTIONS } from '../ids.js';
import { context, escapeMrkdwn, plain, section } from './text.js';

/* ACO's own values and the connectivity check, as Block Kit (pure). The words are the core's. */

/** The connectivity check: a title, one ✓ / ⚠ line per target, the summary and that it is advisory. */
export function checkBlocks(view: CheckView, blockId = 'aco_check'): types.KnownBlock[] {
  const lines = view.lines.slice(0, 10).map(escapeMrkdwn).join('\n');
  return [
    { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: `*${view.title}*\n${lines}`.slice(0, 3000) } },
    context(...[view.summary, view.advisory].filter(Boolean).map(escapeMrkdwn)),
  ];
}

/** The "Use ACO's values" button (only when a saved value differs from ACO's). */
export function useAcoValuesButton(): types.Button {
  return { type: 'button', action_id: ACTIONS.useAcoValues, text: plain(USE_ACO_VALUES, 75), value: 'aco' };
}

/** Under the status or form: ACO's note and, field by field, what ACO says where it differs. */
export function acoValuesBlocks(info: AcoValuesInfo | undefined, withButton: boolean): types.KnownBlock[] {
  if (!info) return [];
  if (!info.available) return [context(`:information_source: ${escapeMrkdwn(info.note)}`)];
  const differing = info.fields.filter((f) => f.differs && f.note);
  const blocks: types.KnownBlock[] = [
    section(
      [
        `:satellite_antenna: ${escapeMrkdwn(info.note)}`,
        ...differing.map((f) => `*${f.label}:* ${escapeMrkdwn(f.note ?? '')}`),
      ].join('\n'),
    ),
  ];
  if (info.differs && withButton)
    blocks.push({ type: 'actions', block_id: 'aco_values', elements: [useAcoValuesButton()] });
  return blocks;
}
