import type { AuditEntry } from '../../core/types.js';
import { card, heading, plain, subtle, text, when, type AdaptiveCard, type CardElement } from './elements.js';

/** `aco-connect history`: the newest audit entries. */
export function historyCard(entries: AuditEntry[]): AdaptiveCard {
  const body: CardElement[] = [heading('aco-connect history')];
  if (entries.length === 0) body.push(text('Nothing has happened yet.'));
  for (const e of entries) {
    body.push(text(`**${when(e.at)}** · ${e.actor ? plain(e.actor.name, 60) : 'aco-connect'}`, { spacing: 'Medium' }));
    body.push(text(plain(e.summary, 300), { spacing: 'None' }));
    for (const c of e.changes ?? []) body.push(subtle(`${c.label}: ${plain(c.before ?? 'none', 80)} → ${plain(c.after ?? 'none', 80)}`));
  }
  return card(body, [], 'aco-connect history');
}
