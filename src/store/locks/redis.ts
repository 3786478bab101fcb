import { randomBytes } from 'node:crypto';
import { LockTimeoutError, type HeldLock, type LockOptions, type Locker } from '../../core/ports.js';
import type { Logger } from '../../log.js';
import type { RedisClient } from '../backends/redis-client.js';
import type { StoreGuard } from '../deadline.js';
import { createHeldLock } from './held.js';
import { backoff, DEFAULT_LOCK_OPTIONS, resolveLockOptions, sleep, type ResolvedLockOptions } from './options.js';

/* Deletes / extends the lock only while it still holds our token (a lease that lapsed may belong to another). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
/* The fenced write: the value is set only if the lock key still holds our token, in one atomic script. */
const FENCED_SET = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2]) return 1 else return 0 end`;

/**
 * Lease lock: SET key token NX PX lease. While fn runs the lease is renewed every lease/3, so a long fn keeps
 * it and a dead process stops renewing: the key expires after at most one lease. The holder counts the lock
 * lost as soon as a renewal finds another token (or none), or when a whole lease has passed since the last
 * renewal Redis confirmed (the connection is down): from then on `lost` is true and fenced writes are refused.
 */
export function createRedisLocker(
  client: RedisClient,
  prefix: string,
  logger: Pick<Logger, 'warn'>,
  guard: StoreGuard,
  defaults: ResolvedLockOptions = DEFAULT_LOCK_OPTIONS,
): Locker {
  return {
    async withLock<T>(key: string, fn: (lock: HeldLock) => Promise<T>, opts?: LockOptions): Promise<T> {
      const { leaseMs, waitMs } = resolveLockOptions(opts, defaults);
      const redisKey = `${prefix}${key}`;
      const token = randomBytes(16).toString('hex');
      const deadline = Date.now() + waitMs;
      let validUntil = 0;
      for (let attempt = 0; ; attempt++) {
        const sentAt = Date.now();
        const ok = await guard.run('lock', () =>
          client.set(redisKey, token, { condition: 'NX', expiration: { type: 'PX', value: leaseMs } }),
        );
        if (ok === 'OK') {
          // Counted from when the request left: the key may have been set at any moment after that.
          validUntil = sentAt + leaseMs;
          break;
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new LockTimeoutError(key);
        await sleep(backoff(attempt, remaining));
      }

      const lock = createHeldLock(
        key,
        // A small margin: our clock and Redis's may differ by a little in rate.
        () => Date.now() >= validUntil - Math.min(200, leaseMs / 10),
        async (fullKey, serialized) =>
          (await guard.run('fenced write', () =>
            client.eval(FENCED_SET, { keys: [redisKey, fullKey], arguments: [token, serialized] }),
          )) === 1,
      );
      const renew = () => {
        if (lock.lost) return;
        const sentAt = Date.now();
        guard
          .run('lock renewal', () => client.eval(EXTEND, { keys: [redisKey], arguments: [token, String(leaseMs)] }))
          .then((extended) => {
            if (extended === 1) {
              validUntil = Math.max(validUntil, sentAt + leaseMs);
            } else if (!lock.lost) {
              lock.markLost();
              logger.warn({ lock: key }, 'lock lease lapsed before the work finished; another holder may run now');
            }
          })
          .catch((error: unknown) =>
            logger.warn({ lock: key, err: (error as Error).message }, 'could not extend lock lease'),
          );
      };
      const timer = setInterval(renew, Math.max(1, Math.floor(leaseMs / 3)));
      timer.unref();
      // Fires when the lease runs out without a confirmed renewal, so `signal` aborts on time.
      const watchdog = setInterval(() => void lock.lost, Math.max(50, Math.floor(leaseMs / 10)));
      watchdog.unref();

      try {
        return await fn(lock);
      } finally {
        clearInterval(timer);
        clearInterval(watchdog);
        try {
          await guard.run('lock release', () => client.eval(RELEASE, { keys: [redisKey], arguments: [token] }));
        } catch (error) {
          // The lease runs out by itself.
          logger.warn({ lock: key, err: (error as Error).message }, 'could not release lock; it lapses with its lease');
        }
      }
    },
  };
}
