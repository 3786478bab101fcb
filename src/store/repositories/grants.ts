import { LockLostError, type GrantRepository } from '../../core/ports.js';
import { fencedLockOf } from '../locks/held.js';
import { StoredGrantSchema } from '../../core/types.js';
import { parseStored, type RepositoryContext } from './context.js';

/**
 * ACO grants, sealed with AES-256-GCM as a whole (tokens, user, dates); the tenant is the additional
 * authenticated data, so a sealed grant moved to another tenant's key does not open either.
 */
export function createGrantRepository(ctx: RepositoryContext): GrantRepository {
  const kv = ctx.keyv('grants');
  const sealer = ctx.sealedKind({
    namespace: 'grants',
    label: (tenant) => `the ACO grant of ${tenant}`,
    aad: (tenant) => `aco-connect/grant/${tenant}`,
  });
  return {
    async get(tenant) {
      const sealed: unknown = await kv.get(tenant);
      if (sealed === undefined) return undefined;
      const json = sealer.open(tenant, sealed);
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        value = undefined;
      }
      return parseStored(StoredGrantSchema, value, `ACO grant of ${tenant}`);
    },
    async put(tenant, grant, fence) {
      const valid = StoredGrantSchema.parse(grant);
      const sealed = sealer.seal(tenant, JSON.stringify(valid));
      if (!fence) {
        await kv.set(tenant, sealed);
        return;
      }
      const lock = fencedLockOf(fence);
      if (!lock) throw new Error('grants.put: the fence is not a lock of this store');
      const serialized = await kv.serializeData({ value: sealed, expires: undefined });
      if (lock.lost || !(await lock.fencedSet(ctx.backend.keyOf(kv, tenant), serialized as string))) {
        throw new LockLostError(lock.key);
      }
    },
    async delete(tenant) {
      await kv.delete(tenant);
    },
    async list() {
      return ctx.backend.listKeys(kv);
    },
  };
}
