import type { Store } from './ports.js';
import { RefreshHealthSchema, type RefreshHealth } from './refresh-policy.js';
import type { TenantId } from './types.js';

/** Failure streaks of token refreshes, one per tenant, shared by every replica through the store. */
export class RefreshHealthStore {
  private readonly records;
  constructor(store: Pick<Store, 'records'>) {
    this.records = store.records('auth-health');
  }

  /** The stored streak; an unreadable record counts as none (the next failure starts a fresh one). */
  async get(tenant: TenantId): Promise<RefreshHealth | undefined> {
    const raw: unknown = await this.records.get(tenant);
    if (raw === undefined) return undefined;
    const parsed = RefreshHealthSchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  async put(tenant: TenantId, health: RefreshHealth): Promise<void> {
    await this.records.set(tenant, health);
  }

  async clear(tenant: TenantId): Promise<void> {
    await this.records.delete(tenant);
  }
}
