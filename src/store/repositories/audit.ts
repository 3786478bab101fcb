import { z } from 'zod';
import type { AuditRepository } from '../../core/ports.js';
import { AuditEntrySchema } from '../../core/types.js';
import { parseStored, type RepositoryContext } from './context.js';

const AuditListSchema = z.array(AuditEntrySchema);

/**
 * One list per tenant, newest first, capped at `auditCap` entries; appends are read-modify-write under the
 * store lock `audit:<tenant>`, so concurrent appends (from any process) are never lost.
 */
export function createAuditRepository(ctx: RepositoryContext): AuditRepository {
  const kv = ctx.keyv('audit');
  async function read(tenant: string) {
    const value: unknown = await kv.get(tenant);
    return value === undefined ? [] : parseStored(AuditListSchema, value, `audit log of ${tenant}`);
  }
  return {
    async append(tenant, entry) {
      const valid = AuditEntrySchema.parse(entry);
      await ctx.locks.withLock(`audit:${tenant}`, async () => {
        const entries = await read(tenant);
        await kv.set(tenant, [valid, ...entries].slice(0, ctx.auditCap));
      });
    },
    async list(tenant, limit) {
      if (!(limit > 0)) return [];
      return (await read(tenant)).slice(0, limit);
    },
  };
}
