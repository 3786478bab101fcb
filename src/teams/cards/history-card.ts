import { historyByline, historyView } from '../../core/history-text.js';
import type { AuditEntry } from '../../core/types.js';
import { card, heading, plain, subtle, text, type AdaptiveCard, type CardElement } from './elements.js';

/** `aco-connect history`: the newest audit entries. */
export function historyCard(entries: AuditEntry[]): AdaptiveCard {
  const view = historyView(entries);
  const body: CardElement[] = [heading(view.title)];
  if (view.lines.length === 0) body.push(text(view.empty));
  for (const line of view.lines) {
    body.push(text(`**${historyByline(line, (a) => plain(a.name, 60))}**`, { spacing: 'Medium' }));
    body.push(text(plain(line.summary, 300), { spacing: 'None' }));
    for (const c of line.changes)
      body.push(subtle(`${c.label}: ${plain(c.before ?? 'none', 80)} → ${plain(c.after ?? 'none', 80)}`));
  }
  return card(body, [], view.title);
}
