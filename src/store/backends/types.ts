import type { Keyv } from 'keyv';
import type { Locker } from '../../core/ports.js';
import type { StoreGuard } from '../deadline.js';

/** What the repositories need from a backend beyond plain keyv get/set/delete. */
export interface Backend {
  readonly kind: 'sqlite' | 'redis' | 'postgres';
  /** A Keyv whose keys live under `namespace` (cached: one per namespace). */
  keyv(namespace: string): Keyv;
  /** The backend's own key of `key` in `keyv`'s namespace (for raw and fenced writes). */
  keyOf(keyv: Keyv, key: string): string;
  /** Reads and deletes in one atomic backend operation; the raw (keyv-serialized) value. */
  takeRaw(keyv: Keyv, key: string): Promise<string | undefined>;
  /** Overwrites the raw value only if the key still exists (keeping its expiry); true when it did. */
  replaceRaw(keyv: Keyv, key: string, serialized: string): Promise<boolean>;
  /** The stored (keyv-serialized) value as it is, expired or not. */
  getRaw(keyv: Keyv, key: string): Promise<string | undefined>;
  /** Compare-and-set: writes `next` (keeping the expiry) only if the stored value is still exactly `expected`. */
  swapRaw(keyv: Keyv, key: string, expected: string, next: string): Promise<boolean>;
  /** The keys (without the namespace) of every live record in `keyv`'s namespace. */
  listKeys(keyv: Keyv): Promise<string[]>;
  /** Deletes every key starting with `prefix` (a whole store namespace). */
  clearPrefix(prefix: string): Promise<void>;
  /**
   * Deletes records under `prefix` whose keyv expiry has passed. SQLite and PostgreSQL have no native TTL
   * (Keyv drops an expired record only when it is read); Redis expires keys itself.
   */
  sweepExpired(prefix: string): Promise<number>;
  readonly locks: Locker;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** Lock keys are prefixed with this (the store namespace), so stores sharing a backend stay apart. */
  lockPrefix: string;
  /** SQLite / PostgreSQL table. */
  table: string;
  onError(error: unknown, where: string): void;
  /** Deadline of one operation (STORE_TIMEOUT_MS): connect, query and command timeouts derive from it. */
  timeoutMs: number;
  /** Runs one store operation under the deadline; the lockers use it for their own store calls. */
  guard: StoreGuard;
}

/** LIKE pattern matching keys that start with `prefix` (escape character `\`). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
}

export function checkTableName(table: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table))
    throw new Error(`store table name "${table}" must be a plain SQL identifier`);
  return table;
}
