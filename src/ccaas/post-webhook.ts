import { proxiedFetch } from '../net/proxy.js';
import { parseRetryAfter } from './backoff.js';
import type { OutboxItem } from './outbox-records.js';
import { webhookHeaders } from './signature.js';

export type AttemptOutcome =
  | { kind: 'delivered'; status: number }
  /** Timeout, network failure, 5xx, 408/425/429, a redirect: try again later. */
  | { kind: 'retry'; status?: number; error: string; retryAfterMs?: number }
  /** Any other 4xx: the receiver refuses this delivery for good. */
  | { kind: 'drop'; status: number; error: string }
  /** This process is stopping; the attempt does not count. */
  | { kind: 'aborted' };

const RETRYABLE_4XX = new Set([408, 425, 429]);

// HTTPS_PROXY / NO_PROXY apply to the webhook like to every other peer; read once, as the other clients do.
let proxied: typeof fetch | undefined;

/** One signed POST of an outbox item; never throws. The error strings carry no secret, signature or body. */
export async function postWebhook(opts: {
  url: string;
  secret: string;
  item: OutboxItem;
  nowMs: number;
  timeoutMs: number;
  stopSignal: AbortSignal;
}): Promise<AttemptOutcome> {
  const { item } = opts;
  const headers = webhookHeaders({
    secret: opts.secret,
    nowMs: opts.nowMs,
    body: item.body,
    deliveryId: item.id,
    event: item.type,
  });
  let res: Response;
  try {
    proxied ??= proxiedFetch();
    res = await proxied(opts.url, {
      method: 'POST',
      headers,
      body: item.body,
      // A redirect would send the signed body somewhere the operator did not configure.
      redirect: 'manual',
      signal: AbortSignal.any([opts.stopSignal, AbortSignal.timeout(opts.timeoutMs)]),
    });
  } catch (err) {
    if (opts.stopSignal.aborted) return { kind: 'aborted' };
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError') {
      const within = opts.timeoutMs >= 1000 ? `${Math.round(opts.timeoutMs / 1000)} s` : `${opts.timeoutMs} ms`;
      return { kind: 'retry', error: `no answer within ${within}` };
    }
    const cause =
      err instanceof Error && err.cause && typeof err.cause === 'object'
        ? (err.cause as { code?: unknown }).code
        : undefined;
    return { kind: 'retry', error: `could not connect${typeof cause === 'string' ? ` (${cause})` : ''}` };
  }
  // Frees the socket; the receiver's answer body is not used.
  await res.body?.cancel().catch(() => undefined);
  const status = res.status;
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status >= 500 || RETRYABLE_4XX.has(status)) {
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), opts.nowMs);
    return { kind: 'retry', status, error: `HTTP ${status}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: 'retry',
      status,
      error: `HTTP ${status} redirect, not followed: set CCAAS_WEBHOOK_URL to the final URL`,
    };
  }
  return { kind: 'drop', status, error: `HTTP ${status}` };
}
