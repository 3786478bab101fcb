/*
 * Retry schedule: exponential from `baseMs`, capped at `maxMs`, with "equal jitter" (half fixed, half random)
 * so replicas and tenants that failed together do not retry in step. A receiver's Retry-After wins when longer.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 60 * 60_000 };

/** Delay before the next try after `failures` failed attempts (1 = the first attempt failed). */
export function retryDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 40));
  const jittered = exp / 2 + random() * (exp / 2);
  const wait = retryAfterMs !== undefined ? Math.max(jittered, Math.min(retryAfterMs, policy.maxMs)) : jittered;
  return Math.max(1, Math.round(wait));
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
