import type { SettingsRepository } from '../../core/ports.js';
import { SettingsRecordSchema } from '../../core/types.js';
import { parseStored, type RepositoryContext } from './context.js';

export function createSettingsRepository(ctx: RepositoryContext): SettingsRepository {
  const kv = ctx.keyv('settings');
  return {
    async get(tenant) {
      const value: unknown = await kv.get(tenant);
      return value === undefined ? undefined : parseStored(SettingsRecordSchema, value, `settings of ${tenant}`);
    },
    async put(tenant, record) {
      await kv.set(tenant, SettingsRecordSchema.parse(record));
    },
  };
}
