import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, historyByline, historyView } from '../../src/core/history-text.js';
import type { AuditEntry } from '../../src/core/types.js';
import { historyMessage } from '../../src/slack/blocks/history.js';
import { historyCard } from '../../src/teams/cards/history-card.js';

const ada = { platform: 'slack', id: 'U0ADA', name: 'Ada Lovelace' };
const entries: AuditEntry[] = Array.from({ length: 12 }, (_, i) => ({
  id: String(i),
  at: `2025-01-${String(i + 1).padStart(2, '0')}T08:09:59.000Z`,
  ...(i % 2 ? {} : { actor: ada }),
  action: 'settings.saved',
  summary: `Saved version ${12 - i}`,
  changes: [{ field: 'sipDomain', label: 'SIP Domain', before: null, after: 'sip.example.com:5060' }],
}));

describe('historyView', () => {
  it('keeps the newest HISTORY_LIMIT entries in order, to the minute, with aco-connect standing in for no actor', () => {
    const view = historyView(entries);
    expect(view.lines).toHaveLength(HISTORY_LIMIT);
    expect(view.lines[0]).toEqual({
      when: '2025-01-01 08:09 UTC',
      actor: ada,
      summary: 'Saved version 12',
      changes: [{ label: 'SIP Domain', before: null, after: 'sip.example.com:5060' }],
    });
    expect(historyByline(view.lines[0]!)).toBe('2025-01-01 08:09 UTC · Ada Lovelace');
    expect(historyByline(view.lines[1]!)).toBe('2025-01-02 08:09 UTC · aco-connect');
    expect(historyByline(view.lines[0]!, (a) => `<@${a.id}>`)).toBe('2025-01-01 08:09 UTC · <@U0ADA>');
  });

  it('Slack and Teams show the same entries, title and empty text', () => {
    const view = historyView(entries);
    const slack = JSON.stringify(historyMessage(entries).blocks);
    const teams = JSON.stringify(historyCard(entries));
    for (const shown of [slack, teams]) {
      expect(shown).toContain(view.title);
      for (const line of view.lines) expect(shown).toContain(line.summary);
      expect(shown).not.toMatch(/Saved version [12](?!\d)/);
    }
    expect(JSON.stringify(historyMessage([]).blocks)).toContain(historyView([]).empty);
    expect(JSON.stringify(historyCard([]))).toContain(historyView([]).empty);
  });
});
