import { z } from 'zod';
import { WEBHOOK_EVENTS } from './payloads.js';

/*
 * The outbox, as records in the store's `ccaas-outbox` records namespace:
 *   item:<tenant>:<seq>  one delivery, written once by the enqueuer, deleted when delivered or dropped
 *   tail:<tenant>        the next sequence number to hand out (enqueuers write it, under the enqueue lock)
 *   cursor:<tenant>      the first sequence not yet done, its retry state and what was delivered last
 *                        (only the deliverer holding the tenant's delivery lock writes it)
 *   tenants              tenants that may have pending items, so a deliverer knows where to look
 * Splitting tail from cursor lets a save enqueue without waiting for a slow delivery in progress.
 */

export const OutboxItemSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  seq: z.number().int().positive(),
  type: z.enum(WEBHOOK_EVENTS),
  /** The exact bytes that are signed and sent on every attempt. */
  body: z.string(),
  /** The settings version a `platform_settings.confirmed` delivery carries. */
  version: z.number().int().positive().optional(),
  createdAt: z.number(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

export const TailSchema = z.object({ nextSeq: z.number().int().positive() });

export const CursorSchema = z.object({
  nextSeq: z.number().int().positive(),
  /** Failed attempts of the item at nextSeq. */
  attempts: z.number().int().nonnegative(),
  /** Epoch ms before which the item at nextSeq is not tried again; null: due now. */
  nextAttemptAt: z.number().nullable(),
  lastError: z.string().nullable(),
  lastDeliveredVersion: z.number().int().nullable(),
  lastDeliveredAt: z.number().nullable(),
  delivered: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
});
export type Cursor = z.infer<typeof CursorSchema>;

export const INITIAL_CURSOR: Cursor = {
  nextSeq: 1,
  attempts: 0,
  nextAttemptAt: null,
  lastError: null,
  lastDeliveredVersion: null,
  lastDeliveredAt: null,
  delivered: 0,
  dropped: 0,
};

export const TenantIndexSchema = z.array(z.string());

export const itemKey = (tenant: string, seq: number) => `item:${tenant}:${seq}`;
export const tailKey = (tenant: string) => `tail:${tenant}`;
export const cursorKey = (tenant: string) => `cursor:${tenant}`;
export const INDEX_KEY = 'tenants';

export const enqueueLockKey = (tenant: string) => `ccaas-outbox:enqueue:${tenant}`;
export const deliverLockKey = (tenant: string) => `ccaas-outbox:deliver:${tenant}`;
export const INDEX_LOCK_KEY = 'ccaas-outbox:index';
