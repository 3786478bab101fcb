import type { ConversationRepository } from '../../core/ports.js';
import { JsonValueSchema } from '../../core/types.js';
import { parseStored, type RepositoryContext } from './context.js';

export function createConversationRepository(ctx: RepositoryContext): ConversationRepository {
  const kv = ctx.keyv('conversations');
  const id = (tenant: string, key: string) => `${tenant}:${key}`;
  return {
    async get(tenant, key) {
      const value: unknown = await kv.get(id(tenant, key));
      return value === undefined ? undefined : parseStored(JsonValueSchema, value, `conversation ${key} of ${tenant}`);
    },
    async put(tenant, key, ref) {
      await kv.set(id(tenant, key), JsonValueSchema.parse(ref));
    },
    async delete(tenant, key) {
      await kv.delete(id(tenant, key));
    },
  };
}
