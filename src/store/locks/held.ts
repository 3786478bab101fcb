import type { HeldLock } from '../../core/ports.js';

/**
 * A held lock as the lockers make it: `lost` once the lock is known gone, and a backend-specific fenced write
 * (the value is written only if the lock still holds, checked in the same step as the write).
 */
export interface FencedLock extends HeldLock {
  readonly key: string;
  /** Writes `serialized` at the backend key `fullKey` (no expiry) only while the lock holds; false otherwise. */
  fencedSet(fullKey: string, serialized: string): Promise<boolean>;
}

const internals = new WeakMap<HeldLock, FencedLock>();

/** Makes a HeldLock whose `lost` is `isLost()` (and latched), aborting `signal` the first time it turns true. */
export function createHeldLock(
  key: string,
  isLost: () => boolean,
  fencedSet: FencedLock['fencedSet'],
): FencedLock & { markLost(): void } {
  const controller = new AbortController();
  let lostLatched = false;
  const lock = {
    key,
    get lost() {
      if (!lostLatched && isLost()) lock.markLost();
      return lostLatched;
    },
    get signal() {
      void lock.lost;
      return controller.signal;
    },
    markLost() {
      if (lostLatched) return;
      lostLatched = true;
      controller.abort(new Error(`lock ${key} lost`));
    },
    fencedSet,
  };
  internals.set(lock, lock);
  return lock;
}

/** The store's own view of a lock handed out by one of its lockers (undefined for anything else). */
export const fencedLockOf = (lock: HeldLock): FencedLock | undefined => internals.get(lock);
