import type { types } from '@slack/bolt';
import type { AuditEntry } from '../../core/types.js';
import { changeLines } from './confirm-changes.js';
import { context, escapeMrkdwn, mention, section, type SlackMessage } from './text.js';

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** `/aco-connect history`: newest first, at most 10 entries, each a section with its time and actor. */
export function historyMessage(entries: AuditEntry[]): SlackMessage {
  if (entries.length === 0) {
    return { text: 'No history yet', blocks: [section('No history yet: nothing was saved or authenticated.')] };
  }
  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Recent changes' } }];
  for (const e of entries.slice(0, 10)) {
    const who = e.actor ? (e.actor.platform === 'slack' ? mention(e.actor.id) : escapeMrkdwn(e.actor.name)) : 'aco-connect';
    const changes = e.changes && e.changes.length > 0 ? `\n${changeLines(e.changes.map((c) => ({ ...c, changed: true })))}` : '';
    blocks.push(section(`*${escapeMrkdwn(e.summary)}*${changes}`), context(`${minute(e.at)} · ${who}`));
  }
  return { text: `Last ${Math.min(entries.length, 10)} entries of the aco-connect history`, blocks };
}
