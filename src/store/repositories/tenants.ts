import { z } from 'zod';
import { TENANT_INDEX_LOCK_KEY } from '../../core/lock-keys.js';
import type { TenantRepository } from '../../core/ports.js';
import { TenantEntitlementsSchema } from '../../core/tenant-entitlements.js';
import { parseStored, type RepositoryContext } from './context.js';

const Position = z.number().int().nonnegative();
const Tenant = z.string().min(1);

/**
 * Entitlements by tenant, and an append-only index of tenants: `count`, `at:<n>` → tenant and
 * `member:<tenant>` → n. Registering a known tenant is one read; a page is `limit` reads by position.
 */
export function createTenantRepository(ctx: RepositoryContext): TenantRepository {
  const entitlements = ctx.keyv('tenant-entitlements');
  const index = ctx.keyv('tenant-index');
  const positionOf = async (tenant: string) => {
    const value: unknown = await index.get(`member:${tenant}`);
    return value === undefined ? undefined : parseStored(Position, value, `index position of ${tenant}`);
  };
  const count = async () => {
    const value: unknown = await index.get('count');
    return value === undefined ? 0 : parseStored(Position, value, 'tenant count');
  };
  return {
    async getEntitlements(tenant) {
      const value: unknown = await entitlements.get(tenant);
      return value === undefined
        ? undefined
        : parseStored(TenantEntitlementsSchema, value, `entitlements of ${tenant}`);
    },
    async putEntitlements(tenant, value) {
      await entitlements.set(tenant, TenantEntitlementsSchema.parse(value));
    },
    async register(tenant) {
      if ((await positionOf(tenant)) !== undefined) return;
      await ctx.locks.withLock(TENANT_INDEX_LOCK_KEY, async () => {
        if ((await positionOf(tenant)) !== undefined) return;
        const n = await count();
        await index.set(`at:${n}`, tenant);
        await index.set(`member:${tenant}`, n);
        await index.set('count', n + 1);
      });
    },
    position: positionOf,
    async page(from, limit) {
      const total = await count();
      const end = Math.min(total, from + limit);
      const positions = Array.from({ length: Math.max(0, end - from) }, (_, i) => from + i);
      const tenants = await Promise.all(
        positions.map(async (n) => parseStored(Tenant, await index.get(`at:${n}`), `tenant at index ${n}`)),
      );
      return end < total ? { tenants, next: end } : { tenants };
    },
  };
}
