import { minuteUtc } from './time-format.js';
import type { Actor, AuditEntry } from './types.js';

/* `history` as plain data: the same entries and words in Slack and Teams. */

/** How many entries `history` shows; enough to see what happened lately, short enough for one message. */
export const HISTORY_LIMIT = 10;

export interface HistoryLine {
  when: string;
  /** Absent for what aco-connect did by itself (a refresh, a grant lost in the background). */
  actor?: Actor;
  summary: string;
  changes: { label: string; before: string | null; after: string | null }[];
}

export interface HistoryView {
  title: string;
  /** Shown instead of entries when there are none. */
  empty: string;
  lines: HistoryLine[];
}

/** Newest first, as the store returns them, at most HISTORY_LIMIT. */
export function historyView(entries: AuditEntry[]): HistoryView {
  return {
    title: 'aco-connect history',
    empty: 'No history yet: nothing was saved or authenticated.',
    lines: entries.slice(0, HISTORY_LIMIT).map((e) => ({
      when: minuteUtc(e.at),
      ...(e.actor ? { actor: e.actor } : {}),
      summary: e.summary,
      changes: (e.changes ?? []).map(({ label, before, after }) => ({ label, before, after })),
    })),
  };
}

/** "WHEN · WHO"; `who` renders the actor the chat's own way. */
export function historyByline(line: HistoryLine, who: (actor: Actor) => string = (a) => a.name): string {
  return `${line.when} · ${line.actor ? who(line.actor) : 'aco-connect'}`;
}
