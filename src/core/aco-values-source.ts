import type { Logger } from 'pino';
import { AcoSipValuesSchema, type AcoSipValues, type AcoValuesMissing } from './aco-values.js';
import { AcoError, systemClock, type Clock } from './ports.js';
import type { TenantId } from './types.js';

/*
 * ACO's SIP values per tenant, cached in the store for a short while so the form never waits on ACO: reading
 * is one store round trip (beside the ones the form makes anyway); a missing or stale entry starts a refresh
 * in the background and the form says why the values are not there yet. Sign-in refreshes at once.
 */

export type AcoValuesEntry =
  | { ok: true; values: AcoSipValues; at: number }
  | { ok: false; reason: AcoValuesMissing; at: number; retryAt?: number };

/** The few key-value calls the cache needs (the store's namespaced keyv fits). */
export interface AcoValuesKv {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<unknown>;
}

export interface AcoValuesSourceDeps {
  kv: AcoValuesKv;
  /** Reads sip-provision for the tenant with a valid access token (the token service's). */
  fetch: (tenant: TenantId) => Promise<AcoSipValues>;
  logger: Logger;
  clock?: Clock;
  /** An entry younger than this is used as is; default 2 minutes. */
  freshMs?: number;
  /** A failure is retried after this (unless ACO said Retry-After); default 30 s. */
  failureRetryMs?: number;
  /** How long an entry is kept at all; default 15 minutes. */
  keepMs?: number;
}

/** Why no access token could be had, as the token service says it (kept structural: no import of it here). */
const tokenErrorCode = (err: unknown): string | undefined =>
  err instanceof Error && err.name === 'AccessTokenError' ? (err as Error & { code?: string }).code : undefined;

/** An ACO or token failure as the reason the form shows. */
export function missingReason(err: unknown): { reason: AcoValuesMissing; retryAfterMs?: number } {
  const tokenCode = tokenErrorCode(err);
  if (tokenCode) return { reason: tokenCode === 'unavailable' ? 'unreachable' : 'not_authenticated' };
  if (err instanceof AcoError) {
    if (err.details.errorCode === 'MalformedAnswer') return { reason: 'malformed' };
    if (err.kind === 'rate_limited') return { reason: 'rate_limited', retryAfterMs: err.details.retryAfterMs };
    if (err.kind === 'unreachable' || err.kind === 'server_error') return { reason: 'unreachable' };
    return { reason: 'forbidden' };
  }
  return { reason: 'unreachable' };
}

export class AcoValuesSource {
  private readonly clock: Clock;
  private readonly freshMs: number;
  private readonly failureRetryMs: number;
  private readonly keepMs: number;
  private readonly inflight = new Map<TenantId, Promise<AcoValuesEntry>>();

  constructor(private readonly deps: AcoValuesSourceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.freshMs = deps.freshMs ?? 2 * 60_000;
    this.failureRetryMs = deps.failureRetryMs ?? 30_000;
    this.keepMs = deps.keepMs ?? 15 * 60_000;
  }

  /**
   * What is known now, without waiting on ACO: the cached entry (a stale or failed one also starts a refresh
   * in the background), or `pending` while the first read is under way.
   */
  async peek(tenant: TenantId): Promise<AcoValuesEntry> {
    const entry = await this.read(tenant);
    const now = this.clock.now();
    const due = !entry || (entry.ok ? now - entry.at >= this.freshMs : now >= (entry.retryAt ?? 0));
    if (due) this.refreshInBackground(tenant);
    return entry ?? { ok: false, reason: 'pending', at: now };
  }

  /** Reads ACO now (one read per tenant at a time in this process) and caches the answer. */
  refresh(tenant: TenantId): Promise<AcoValuesEntry> {
    let running = this.inflight.get(tenant);
    if (!running) {
      running = this.load(tenant).finally(() => this.inflight.delete(tenant));
      this.inflight.set(tenant, running);
    }
    return running;
  }

  /** Starts a refresh and never fails the caller (after sign-in, on a stale read). */
  refreshInBackground(tenant: TenantId): void {
    void this.refresh(tenant).catch((err: unknown) =>
      this.deps.logger.warn(
        { tenant, err: err instanceof Error ? err.message : String(err) },
        'ACO values refresh failed',
      ),
    );
  }

  /** Resolves when no read is under way (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight.values()]);
  }

  private async load(tenant: TenantId): Promise<AcoValuesEntry> {
    const at = this.clock.now();
    let entry: AcoValuesEntry;
    try {
      entry = { ok: true, values: AcoSipValuesSchema.parse(await this.deps.fetch(tenant)), at };
    } catch (err) {
      const { reason, retryAfterMs } = missingReason(err);
      if (reason !== 'not_authenticated') {
        this.deps.logger.warn(
          { tenant, reason, err: err instanceof Error ? err.message : String(err) },
          "ACO's SIP values could not be read",
        );
      }
      entry = { ok: false, reason, at, retryAt: at + Math.max(retryAfterMs ?? 0, this.failureRetryMs) };
    }
    await this.deps.kv.set(tenant, entry, this.keepMs);
    return entry;
  }

  private async read(tenant: TenantId): Promise<AcoValuesEntry | undefined> {
    try {
      const raw = (await this.deps.kv.get(tenant)) as AcoValuesEntry | undefined;
      if (!raw || typeof raw !== 'object' || typeof raw.at !== 'number') return undefined;
      if (raw.ok) {
        const values = AcoSipValuesSchema.safeParse(raw.values);
        return values.success ? { ok: true, values: values.data, at: raw.at } : undefined;
      }
      return raw;
    } catch (err) {
      this.deps.logger.warn(
        { tenant, err: err instanceof Error ? err.message : String(err) },
        'ACO values cache unreadable',
      );
      return undefined;
    }
  }
}
