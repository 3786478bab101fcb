import type { Logger } from 'pino';
import type { Component } from '../core/component.js';
import type { CoreEvents } from '../core/events.js';
import { storeUnavailable, systemClock, type Clock } from '../core/ports.js';
import { minuteUtc } from '../core/time-format.js';
import type { TenantId } from '../core/types.js';
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from './backoff.js';
import type { DelivererHandle, Outbox } from './outbox.js';
import type { Cursor, OutboxItem } from './outbox-records.js';
import { postWebhook } from './post-webhook.js';
import { errorMessage } from '../error-message.js';

export interface DelivererOptions {
  outbox: Outbox;
  url: string;
  secret: string;
  events: CoreEvents;
  logger: Logger;
  clock?: Clock;
  /** Jitter source (tests pin it). */
  random?: () => number;
  backoff?: BackoffPolicy;
  /** How often to look for work queued by other replicas and for retries falling due. */
  pollMs?: number;
  timeoutMs?: number;
  /** Deliveries per tenant per lock hold, so one busy tenant cannot starve the others. */
  batch?: number;
  /** Lease of the per-tenant delivery lock (Redis): how soon another replica takes over from a dead one. */
  lockLeaseMs?: number;
  /** Told the outcome of every attempt that reached the receiver or failed to (metrics). */
  onAttempt?: (outcome: DeliveryAttemptOutcome) => void;
}

export type DeliveryAttemptOutcome = 'delivered' | 'retry' | 'dropped';

/**
 * Sends the outbox to CCAAS_WEBHOOK_URL: per tenant in sequence order, one deliverer per tenant across
 * replicas (the store lock), retrying with backoff until the receiver takes it or refuses it for good.
 * At least once: an item leaves the outbox only after a 2xx (or a permanent 4xx), so a crash in between
 * sends it again with the same delivery id.
 */
export class Deliverer implements Component {
  readonly name = 'ccaas-deliverer';
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopping = new AbortController();
  private stopped = false;
  /** Set while stop() waits: a pass in progress sends nothing more. */
  private halting = false;
  private unsubscribe: (() => void) | undefined;
  /** Set while the store is unavailable: passes wait until nextTryAt. */
  private outage: { failures: number; nextTryAt: number } | undefined;

  constructor(private readonly opts: DelivererOptions) {
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.pollMs = opts.pollMs ?? 1_000;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.batch = opts.batch ?? 20;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.unsubscribe = this.opts.outbox.onEnqueued(() => this.kick());
    const loop = () => {
      this.timer = setTimeout(() => {
        this.kick();
        loop();
      }, this.pollMs);
      this.timer.unref();
    };
    loop();
    this.kick();
  }

  /**
   * No new attempts; one in flight may finish for up to `graceMs` (recording a 2xx spares the CCaaS a
   * duplicate after the restart), then it is abandoned, not failed: sent again, same id, after the restart.
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.unsubscribe?.();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopped = true;
    this.halting = true;
    const stopping = this.stopping;
    const hard = setTimeout(() => stopping.abort(), graceMs);
    try {
      await this.idle();
    } finally {
      clearTimeout(hard);
      // Stopped, not broken: tick() still works by hand (tests, a last drain).
      this.halting = false;
      this.stopping = new AbortController();
    }
  }

  /** Run a pass soon; passes never overlap within a process. */
  kick(): void {
    if (this.stopped) return;
    // During a store outage passes back off (1 s doubling to 30 s) instead of failing every poll.
    if (this.outage && Date.now() < this.outage.nextTryAt) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.tick();
          if (this.outage) {
            this.opts.logger.info(
              { failedPasses: this.outage.failures },
              'CCaaS deliveries resumed: the store answers again',
            );
            this.outage = undefined;
          }
        } catch (err) {
          const unavailable = storeUnavailable(err);
          if (unavailable) {
            const failures = (this.outage?.failures ?? 0) + 1;
            if (!this.outage)
              this.opts.logger.warn({ err: unavailable.message }, 'CCaaS deliveries paused: store unavailable');
            this.outage = {
              failures,
              nextTryAt: Date.now() + Math.min(30_000, 1_000 * 2 ** Math.min(failures - 1, 5)),
            };
            break;
          }
          this.opts.logger.warn({ err: errorMessage(err) }, 'CCaaS delivery pass failed');
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when no pass is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** One pass over every tenant with pending deliveries: sends what is due now by the clock. */
  async tick(): Promise<void> {
    const tenants = await this.opts.outbox.tenants();
    await Promise.all(tenants.map((t) => this.deliverTenant(t)));
  }

  private async deliverTenant(tenant: TenantId): Promise<void> {
    const dropped: { id: string; message: string }[] = [];
    await this.opts.outbox.asDeliverer(
      tenant,
      async (h) => {
        for (let n = 0; n < this.batch && !this.halting; n++) {
          const cursor = await h.cursor();
          if (cursor.nextSeq >= (await h.tail())) {
            await h.forgetIfDrained(cursor);
            return;
          }
          if (cursor.nextAttemptAt !== null && cursor.nextAttemptAt > this.clock.now()) return;
          const item = await h.item(cursor.nextSeq);
          if (!item) {
            this.opts.logger.error({ tenant, seq: cursor.nextSeq }, 'CCaaS outbox item missing; skipping it');
            await h.saveCursor({ ...cursor, nextSeq: cursor.nextSeq + 1, attempts: 0, nextAttemptAt: null });
            continue;
          }
          const result = await this.attempt(h, cursor, item);
          if (result === 'dropped') dropped.push({ id: item.id, message: (await h.cursor()).lastError ?? '' });
          if (result === 'wait') return;
        }
      },
      this.opts.lockLeaseMs ? { leaseMs: this.opts.lockLeaseMs } : {},
    );
    // After the lock is released: chat notices may take a while.
    for (const d of dropped)
      await this.opts.events.emit({ type: 'delivery.dropped', tenant, deliveryId: d.id, message: d.message });
  }

  private async attempt(
    h: DelivererHandle,
    cursor: Cursor,
    item: OutboxItem,
  ): Promise<'delivered' | 'dropped' | 'wait'> {
    const { logger } = this.opts;
    const now = this.clock.now();
    const outcome = await postWebhook({
      url: this.opts.url,
      secret: this.opts.secret,
      item,
      nowMs: now,
      timeoutMs: this.timeoutMs,
      stopSignal: this.stopping.signal,
    });
    const log = {
      tenant: item.tenant,
      deliveryId: item.id,
      seq: item.seq,
      event: item.type,
      attempt: cursor.attempts + 1,
    };
    if (outcome.kind !== 'aborted') {
      this.opts.onAttempt?.(outcome.kind === 'drop' ? 'dropped' : outcome.kind);
    }
    switch (outcome.kind) {
      case 'aborted':
        return 'wait';
      case 'delivered': {
        // Cursor first: if the process dies between the two writes, the item is only garbage, never resent twice.
        await h.saveCursor({
          ...cursor,
          nextSeq: item.seq + 1,
          attempts: 0,
          nextAttemptAt: null,
          lastError: null,
          lastDeliveredVersion: item.version ?? cursor.lastDeliveredVersion,
          lastDeliveredAt: now,
          delivered: cursor.delivered + 1,
        });
        await h.deleteItem(item.seq);
        logger.info({ ...log, status: outcome.status }, 'CCaaS webhook delivered');
        return 'delivered';
      }
      case 'drop': {
        const message = `Delivery ${item.id} (${item.type}, #${item.seq}) was refused with ${outcome.error} at ${minuteUtc(now)} and dropped.`;
        await h.saveCursor({
          ...cursor,
          nextSeq: item.seq + 1,
          attempts: 0,
          nextAttemptAt: null,
          lastError: message,
          dropped: cursor.dropped + 1,
        });
        await h.deleteItem(item.seq);
        logger.error({ ...log, status: outcome.status }, 'CCaaS webhook refused for good; delivery dropped');
        return 'dropped';
      }
      case 'retry': {
        const failures = cursor.attempts + 1;
        const delay = retryDelay(failures, this.backoff, this.random, outcome.retryAfterMs);
        const nextAttemptAt = now + delay;
        await h.saveCursor({
          ...cursor,
          attempts: failures,
          nextAttemptAt,
          lastError: `${outcome.error} at ${minuteUtc(now)} (attempt ${failures}; next try ${minuteUtc(nextAttemptAt)})`,
        });
        logger.warn(
          { ...log, status: outcome.status, error: outcome.error, retryInMs: delay },
          'CCaaS webhook failed; will retry',
        );
        return 'wait';
      }
    }
  }
}
