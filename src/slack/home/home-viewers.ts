import type { Store } from '../../core/ports.js';
import type { TenantId } from '../../core/types.js';

const KEY = 'slack:home-viewers';

/** How many recent viewers a tenant keeps, and for how long, for re-publishing their Home tab. */
export const HOME_VIEWERS_MAX = 20;
export const HOME_VIEWERS_TTL_MS = 24 * 60 * 60_000;

interface Viewer {
  user: string;
  at: number;
}

function parse(v: unknown): Viewer[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (x): x is Viewer =>
      typeof x === 'object' &&
      x !== null &&
      typeof (x as Viewer).user === 'string' &&
      typeof (x as Viewer).at === 'number',
  );
}

/**
 * The admins who opened the Home tab lately, per tenant, in the store (so every replica re-publishes for the same
 * people): newest first, at most HOME_VIEWERS_MAX, none older than a day.
 */
export class HomeViewers {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async remember(tenant: TenantId, user: string): Promise<void> {
    await this.store.locks.withLock(`${KEY}:${tenant}`, async () => {
      const now = this.now();
      const kept = parse(await this.store.conversations.get(tenant, KEY)).filter(
        (v) => v.user !== user && now - v.at < HOME_VIEWERS_TTL_MS,
      );
      const next = [{ user, at: now }, ...kept].slice(0, HOME_VIEWERS_MAX);
      await this.store.conversations.put(
        tenant,
        KEY,
        next.map((v) => ({ user: v.user, at: v.at })),
      );
    });
  }

  async forget(tenant: TenantId, user: string): Promise<void> {
    await this.store.locks.withLock(`${KEY}:${tenant}`, async () => {
      const kept = parse(await this.store.conversations.get(tenant, KEY)).filter((v) => v.user !== user);
      await this.store.conversations.put(
        tenant,
        KEY,
        kept.map((v) => ({ user: v.user, at: v.at })),
      );
    });
  }

  async recent(tenant: TenantId): Promise<string[]> {
    const now = this.now();
    return parse(await this.store.conversations.get(tenant, KEY))
      .filter((v) => now - v.at < HOME_VIEWERS_TTL_MS)
      .map((v) => v.user);
  }
}
