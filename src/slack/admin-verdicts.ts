import type { Actor } from '../core/types.js';

export interface AdminVerdictsOptions {
  /** How long a yes from users.info is reused. */
  ttlMs?: number;
  /** Most (team, user) pairs kept; the oldest goes first. */
  maxEntries?: number;
  now?: () => number;
}

export const ADMIN_VERDICT_TTL_MS = 10_000;
const MAX_ENTRIES = 1_000;

/**
 * Positive admin verdicts from users.info, per (team, user), for a few seconds: the benchmark's commands paid a
 * users.info round trip each (a third of their CPU beyond a bare Bolt app). Only a yes is kept, so a refusal or a
 * failed lookup is asked again at once and a newly promoted admin gets in; the price is that a demoted admin
 * keeps access for up to the TTL.
 */
export class AdminVerdicts {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: AdminVerdictsOptions = {}) {
    this.ttlMs = opts.ttlMs ?? ADMIN_VERDICT_TTL_MS;
    this.maxEntries = Math.max(1, opts.maxEntries ?? MAX_ENTRIES);
    this.now = opts.now ?? Date.now;
  }

  get(team: string, user: string): Actor | undefined {
    const key = keyOf(team, user);
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now() >= hit.until) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.actor;
  }

  remember(team: string, user: string, actor: Actor): void {
    if (this.ttlMs <= 0) return;
    const key = keyOf(team, user);
    // Re-inserting moves the key to the end, so the Map's order is oldest first.
    this.entries.delete(key);
    this.entries.set(key, { actor, until: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

const keyOf = (team: string, user: string) => `${team}\u0000${user}`;
