import type { AuthStatusRepository } from '../../core/ports.js';
import { AuthStatusSchema } from '../../core/auth-status.js';
import { parseStored, type RepositoryContext } from './context.js';

export function createAuthStatusRepository(ctx: RepositoryContext): AuthStatusRepository {
  const kv = ctx.keyv('auth-status');
  return {
    async get(tenant) {
      const value: unknown = await kv.get(tenant);
      return value === undefined ? undefined : parseStored(AuthStatusSchema, value, `auth status of ${tenant}`);
    },
    async put(tenant, status) {
      await kv.set(tenant, AuthStatusSchema.parse(status));
    },
  };
}
