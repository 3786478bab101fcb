import type { DraftRepository } from '../../core/ports.js';
import { DraftSchema } from '../../core/types.js';
import { isPast, parseStored, ttlUntil, type RepositoryContext } from './context.js';

/** A draft stays a day past its expiry, so "this draft expired" can still be told apart from "no such draft". */
export const DRAFT_GRACE_MS = 24 * 60 * 60 * 1000;

export function createDraftRepository(ctx: RepositoryContext): DraftRepository {
  const kv = ctx.keyv('drafts');
  const key = (tenant: string, id: string) => `${tenant}:${id}`;
  return {
    async get(tenant, id) {
      const value: unknown = await kv.get(key(tenant, id));
      if (value === undefined) return undefined;
      const draft = parseStored(DraftSchema, value, `draft ${id} of ${tenant}`);
      // The backend's TTL runs on wall time; the clock decides too (tests, skew).
      if (draft.tenant !== tenant || isPast(draft.expiresAt, ctx.clock, DRAFT_GRACE_MS)) return undefined;
      return draft;
    },
    async put(draft) {
      const valid = DraftSchema.parse(draft);
      await kv.set(key(valid.tenant, valid.id), valid, ttlUntil(valid.expiresAt, ctx.clock, DRAFT_GRACE_MS));
    },
  };
}
