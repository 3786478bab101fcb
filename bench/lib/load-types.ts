/** One request the bench sends; built fresh for every send (signatures, trigger ids and OAuth codes are single-use). */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Reported back in `LoadRecord.answered` once the answer is in (which commands were really served). */
  tag?: string;
}

/**
 * Builds request number `i` at the moment it goes out; `sentAt` is `performance.now()` then, so a scenario
 * can time what the request causes elsewhere (views.open arriving at the fake Slack). Undefined: nothing
 * left to send (prepared OAuth callbacks ran out).
 */
export type RequestFactory = (i: number, sentAt: number) => BenchRequest | undefined;

/** What a load run saw, before any statistics. */
export interface LoadRecord {
  /** Milliseconds from the intended send time to the last byte of the answer, for every answered request. */
  latencies: number[];
  /** Count of answers by HTTP status. */
  statuses: Record<string, number>;
  /** Requests that got no answer (connection error or timeout). */
  failures: number;
  sent: number;
  /** Wall time from the first send to the last answer. */
  elapsedMs: number;
  /** The generator's own lateness: how far behind schedule the latest send went out (paced runs only). */
  maxLagMs: number;
  /** Tags of the requests that got an HTTP answer. */
  answered: Set<string>;
}

export const emptyRecord = (): LoadRecord => ({
  latencies: [],
  statuses: {},
  failures: 0,
  sent: 0,
  elapsedMs: 0,
  maxLagMs: 0,
  answered: new Set(),
});
