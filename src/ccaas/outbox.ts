import { randomUUID } from 'node:crypto';
import { LockTimeoutError, systemClock, type Clock, type KeyValueMap, type Locker, type Store } from '../core/ports.js';
import type { TenantId } from '../core/types.js';
import type { DeliveryState } from '../core/views.js';
import {
  CursorSchema,
  INDEX_KEY,
  INDEX_LOCK_KEY,
  INITIAL_CURSOR,
  OutboxItemSchema,
  TailSchema,
  TenantIndexSchema,
  cursorKey,
  deliverLockKey,
  enqueueLockKey,
  itemKey,
  tailKey,
  type Cursor,
  type OutboxItem,
} from './outbox-records.js';
import { webhookBody, type WebhookEventType } from './payloads.js';

export const OUTBOX_NAMESPACE = 'ccaas-outbox';

export interface EnqueueInput {
  type: WebhookEventType;
  data: unknown;
  version?: number;
}

function parse<T>(schema: { parse(v: unknown): T }, value: unknown, fallback: T): T {
  return value === undefined ? fallback : schema.parse(value);
}

/**
 * The durable CCaaS outbox over the store (any backend): per-tenant sequences, written under a per-tenant
 * enqueue lock; the deliverer reads and advances them under a per-tenant delivery lock. Records and keys are
 * described in outbox-records.ts.
 */
export class Outbox {
  private readonly kv: KeyValueMap;
  private readonly locks: Locker;
  private readonly clock: Clock;
  private readonly listeners = new Set<(tenant: TenantId) => void>();

  constructor(store: Pick<Store, 'records' | 'locks'>, opts: { clock?: Clock } = {}) {
    this.kv = store.records(OUTBOX_NAMESPACE);
    this.locks = store.locks;
    this.clock = opts.clock ?? systemClock;
  }

  /** Called after every enqueue in this process (the deliverer starts at once instead of at its next poll). */
  onEnqueued(listener: (tenant: TenantId) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds a delivery at the end of the tenant's queue; durable when this resolves. */
  async enqueue(tenant: TenantId, input: EnqueueInput): Promise<OutboxItem> {
    const item = await this.locks.withLock(enqueueLockKey(tenant), async () => {
      const tail = parse(TailSchema, await this.kv.get(tailKey(tenant)), { nextSeq: 1 });
      const id = randomUUID();
      const createdAt = this.clock.now();
      const item: OutboxItem = {
        id,
        tenant,
        seq: tail.nextSeq,
        type: input.type,
        body: webhookBody({
          id,
          type: input.type,
          tenant,
          sequence: tail.nextSeq,
          createdAt: new Date(createdAt).toISOString(),
          data: input.data,
        }),
        ...(input.version !== undefined ? { version: input.version } : {}),
        createdAt,
      };
      // The item before the tail: a crash in between leaves an unreferenced item the next enqueue overwrites.
      await this.kv.set(itemKey(tenant, item.seq), OutboxItemSchema.parse(item));
      await this.kv.set(tailKey(tenant), { nextSeq: item.seq + 1 });
      return item;
    });
    await this.locks.withLock(INDEX_LOCK_KEY, async () => {
      const tenants = await this.tenants();
      if (!tenants.includes(tenant)) await this.kv.set(INDEX_KEY, [...tenants, tenant]);
    });
    for (const listener of this.listeners) listener(tenant);
    return item;
  }

  /** Tenants that may have something pending. */
  async tenants(): Promise<TenantId[]> {
    return parse(TenantIndexSchema, await this.kv.get(INDEX_KEY), []);
  }

  async tail(tenant: TenantId): Promise<number> {
    return parse(TailSchema, await this.kv.get(tailKey(tenant)), { nextSeq: 1 }).nextSeq;
  }

  async cursor(tenant: TenantId): Promise<Cursor> {
    return parse(CursorSchema, await this.kv.get(cursorKey(tenant)), INITIAL_CURSOR);
  }

  async item(tenant: TenantId, seq: number): Promise<OutboxItem | undefined> {
    const value: unknown = await this.kv.get(itemKey(tenant, seq));
    return value === undefined ? undefined : OutboxItemSchema.parse(value);
  }

  /** What the status views show. */
  async state(tenant: TenantId): Promise<DeliveryState> {
    const [cursor, tail] = await Promise.all([this.cursor(tenant), this.tail(tenant)]);
    return {
      lastDeliveredVersion: cursor.lastDeliveredVersion,
      pending: Math.max(0, tail - cursor.nextSeq),
      lastError: cursor.lastError,
    };
  }

  /**
   * Deliveries waiting across every tenant, and when the oldest of them was queued (metrics, read at scrape
   * time). An item listed by the tail but already gone (delivered meanwhile) is not counted as the oldest.
   */
  async pendingSummary(): Promise<{ pending: number; oldestCreatedAt?: number }> {
    let pending = 0;
    let oldestCreatedAt: number | undefined;
    for (const tenant of await this.tenants()) {
      const [cursor, tail] = await Promise.all([this.cursor(tenant), this.tail(tenant)]);
      const waiting = Math.max(0, tail - cursor.nextSeq);
      if (waiting === 0) continue;
      pending += waiting;
      const first = await this.item(tenant, cursor.nextSeq);
      if (first && (oldestCreatedAt === undefined || first.createdAt < oldestCreatedAt)) {
        oldestCreatedAt = first.createdAt;
      }
    }
    return { pending, ...(oldestCreatedAt === undefined ? {} : { oldestCreatedAt }) };
  }

  /**
   * Runs `fn` as the tenant's only deliverer across every process sharing the store; resolves to undefined
   * at once when another holds it (it is delivering; this one has nothing to do).
   */
  async asDeliverer<T>(
    tenant: TenantId,
    fn: (d: DelivererHandle) => Promise<T>,
    opts: { leaseMs?: number; waitMs?: number } = {},
  ): Promise<T | undefined> {
    try {
      return await this.locks.withLock(deliverLockKey(tenant), () => fn(this.handle(tenant)), {
        waitMs: opts.waitMs ?? 100,
        ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}),
      });
    } catch (err) {
      if (err instanceof LockTimeoutError) return undefined;
      throw err;
    }
  }

  private handle(tenant: TenantId): DelivererHandle {
    return {
      cursor: () => this.cursor(tenant),
      tail: () => this.tail(tenant),
      item: (seq) => this.item(tenant, seq),
      saveCursor: async (cursor) => {
        await this.kv.set(cursorKey(tenant), CursorSchema.parse(cursor));
      },
      deleteItem: async (seq) => {
        await this.kv.delete(itemKey(tenant, seq));
      },
      forgetIfDrained: async (cursor) => {
        // Under the index lock, so an enqueue that lands now re-adds the tenant after this removal.
        await this.locks.withLock(INDEX_LOCK_KEY, async () => {
          if (cursor.nextSeq < (await this.tail(tenant))) return;
          const tenants = await this.tenants();
          if (tenants.includes(tenant))
            await this.kv.set(
              INDEX_KEY,
              tenants.filter((t) => t !== tenant),
            );
        });
      },
    };
  }
}

/** What the holder of a tenant's delivery lock may do. */
export interface DelivererHandle {
  cursor(): Promise<Cursor>;
  tail(): Promise<number>;
  item(seq: number): Promise<OutboxItem | undefined>;
  saveCursor(cursor: Cursor): Promise<void>;
  deleteItem(seq: number): Promise<void>;
  forgetIfDrained(cursor: Cursor): Promise<void>;
}
