import { LockTimeoutError, storeUnavailable, type HeldLock, type Locker, type LockOptions } from '../core/ports.js';
import type { StoreGuard } from './deadline.js';

/** Failure classes of a store operation: a fixed set (never the error's message). */
export type StoreErrorClass = 'unavailable' | 'error';
export type LockWaitOutcome = 'acquired' | 'timeout' | 'unavailable' | 'error';

/**
 * What the store reports about itself (metrics). Every value handed over is from a fixed set: the backend
 * kind, the operation kind (`get`, `set`, `take`, `lock`, …), the lock kind (the key's prefix, never the tenant).
 */
export interface StoreObserver {
  operation(backend: string, operation: string, seconds: number, error?: StoreErrorClass): void;
  lockWait(lock: string, seconds: number, outcome: LockWaitOutcome): void;
}

const seconds = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e9;

/** Guard `what` strings are `get in <namespace>`, `take`, `lock release`…: the operation kind is before " in ". */
const operationKind = (what: string) => what.split(' in ')[0].replace(/\s+/g, '_');

const errorClass = (err: unknown): StoreErrorClass => (storeUnavailable(err) ? 'unavailable' : 'error');

/** The same guard, timing every operation it runs. */
export function observeGuard(guard: StoreGuard, backend: string, observer: StoreObserver | undefined): StoreGuard {
  if (!observer) return guard;
  return {
    timeoutMs: guard.timeoutMs,
    translate: (err, what) => guard.translate(err, what),
    async run(what, op) {
      const start = process.hrtime.bigint();
      try {
        const result = await guard.run(what, op);
        observer.operation(backend, operationKind(what), seconds(start));
        return result;
      } catch (err) {
        observer.operation(backend, operationKind(what), seconds(start), errorClass(err));
        throw err;
      }
    },
  };
}

/** Lock kinds by key prefix; a key matching none is `other` (keys carry tenant ids, which never become labels). */
const LOCK_KINDS = ['ccaas-outbox:enqueue', 'ccaas-outbox:deliver', 'ccaas-outbox:index', 'grant', 'settings', 'audit'];
export const lockKind = (key: string) => LOCK_KINDS.find((k) => key === k || key.startsWith(`${k}:`)) ?? 'other';

/** The same locker, reporting how long each withLock waited before its work began (or it gave up). */
export function observeLocker(locker: Locker, observer: StoreObserver | undefined): Locker {
  if (!observer) return locker;
  return {
    async withLock<T>(key: string, fn: (lock: HeldLock) => Promise<T>, opts?: LockOptions): Promise<T> {
      const start = process.hrtime.bigint();
      let acquired = false;
      try {
        return await locker.withLock(
          key,
          (held) => {
            acquired = true;
            observer.lockWait(lockKind(key), seconds(start), 'acquired');
            return fn(held);
          },
          opts,
        );
      } catch (err) {
        if (!acquired) {
          const outcome = err instanceof LockTimeoutError ? 'timeout' : storeUnavailable(err) ? 'unavailable' : 'error';
          observer.lockWait(lockKind(key), seconds(start), outcome);
        }
        throw err;
      }
    },
  };
}
