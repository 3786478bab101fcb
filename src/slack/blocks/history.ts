import type { types } from '@slack/bolt';
import { historyByline, historyView } from '../../core/history-text.js';
import type { AuditEntry } from '../../core/types.js';
import { changeLines } from './confirm-changes.js';
import { context, escapeMrkdwn, fallbackText, plain, section, who, type SlackMessage } from './text.js';

/** `/aco-connect history`: newest first, each entry a section with its time and actor. */
export function historyMessage(entries: AuditEntry[]): SlackMessage {
  const view = historyView(entries);
  if (view.lines.length === 0) return { text: 'No history yet', blocks: [section(view.empty)] };
  const blocks: types.KnownBlock[] = [{ type: 'header', text: plain(view.title, 150) }];
  for (const line of view.lines) {
    const changes =
      line.changes.length > 0 ? `\n${changeLines(line.changes.map((c) => ({ ...c, changed: true })))}` : '';
    blocks.push(section(`*${escapeMrkdwn(line.summary)}*${changes}`), context(historyByline(line, who)));
  }
  return { text: fallbackText(`Last ${view.lines.length} entries of the ${view.title}`), blocks };
}
