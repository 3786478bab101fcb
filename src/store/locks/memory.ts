import { Mutex, withTimeout } from 'async-mutex';
import { LockTimeoutError, type HeldLock, type LockOptions, type Locker } from '../../core/ports.js';
import { createHeldLock, type FencedLock } from './held.js';
import { DEFAULT_LOCK_OPTIONS, resolveLockOptions, type ResolvedLockOptions } from './options.js';

/*
 * In-process keyed mutexes, for the SQLite store (one process owns the file). The registry is module-wide so
 * two store instances on the same database in one process still exclude each other; `scope` (the database
 * file and namespace) keeps unrelated stores apart. leaseMs has no meaning here: a dead holder is a dead process.
 */
const registry = new Map<string, { mutex: Mutex; users: number }>();

export function createMemoryLocker(
  scope: string,
  defaults: ResolvedLockOptions = DEFAULT_LOCK_OPTIONS,
  /** The plain write a fenced write is here: an in-process mutex is never lost while its holder runs. */
  write: FencedLock['fencedSet'] = async () => {
    throw new Error('this locker has no store to write to');
  },
): Locker {
  return {
    async withLock<T>(key: string, fn: (lock: HeldLock) => Promise<T>, opts?: LockOptions): Promise<T> {
      const { waitMs } = resolveLockOptions(opts, defaults);
      const id = `${scope}\u0000${key}`;
      let entry = registry.get(id);
      if (!entry) {
        entry = { mutex: new Mutex(), users: 0 };
        registry.set(id, entry);
      }
      entry.users++;
      try {
        const release = await withTimeout(entry.mutex, waitMs, new LockTimeoutError(key)).acquire();
        try {
          return await fn(createHeldLock(key, () => false, write));
        } finally {
          release();
        }
      } finally {
        entry.users--;
        if (entry.users === 0) registry.delete(id);
      }
    },
  };
}
