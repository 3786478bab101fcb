import type { GrantRepository } from '../../core/ports.js';
import { StoredGrantSchema } from '../../core/types.js';
import { parseStored, type RepositoryContext } from './context.js';

/**
 * ACO grants, sealed with AES-256-GCM as a whole (tokens, user, dates); the tenant is the additional
 * authenticated data, so a sealed grant moved to another tenant's key does not open either.
 */
export function createGrantRepository(ctx: RepositoryContext): GrantRepository {
  const kv = ctx.keyv('grants');
  const aad = (tenant: string) => `aco-connect/grant/${tenant}`;
  return {
    async get(tenant) {
      const sealed: unknown = await kv.get(tenant);
      if (sealed === undefined) return undefined;
      const json = ctx.sealer.open(sealed, aad(tenant), `the ACO grant of ${tenant}`);
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        value = undefined;
      }
      return parseStored(StoredGrantSchema, value, `ACO grant of ${tenant}`);
    },
    async put(tenant, grant) {
      const valid = StoredGrantSchema.parse(grant);
      await kv.set(tenant, ctx.sealer.seal(JSON.stringify(valid), aad(tenant)));
    },
    async delete(tenant) {
      await kv.delete(tenant);
    },
    async list() {
      return ctx.backend.listKeys(kv);
    },
  };
}
