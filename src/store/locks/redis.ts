import { randomBytes } from 'node:crypto';
import { LockTimeoutError, type LockOptions, type Locker } from '../../core/ports.js';
import type { Logger } from '../../log.js';
import type { RedisClient } from '../backends/redis-client.js';
import { backoff, DEFAULT_LOCK_OPTIONS, resolveLockOptions, sleep, type ResolvedLockOptions } from './options.js';

/* Deletes / extends the lock only while it still holds our token (a lease that lapsed may belong to another). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Lease lock: SET key token NX PX lease. While fn runs the lease is renewed every lease/2, so a long fn keeps
 * it; a dead process stops renewing and the key expires after at most one lease.
 */
export function createRedisLocker(
  client: RedisClient,
  prefix: string,
  logger: Pick<Logger, 'warn'>,
  defaults: ResolvedLockOptions = DEFAULT_LOCK_OPTIONS,
): Locker {
  return {
    async withLock<T>(key: string, fn: () => Promise<T>, opts?: LockOptions): Promise<T> {
      const { leaseMs, waitMs } = resolveLockOptions(opts, defaults);
      const redisKey = `${prefix}${key}`;
      const token = randomBytes(16).toString('hex');
      const deadline = Date.now() + waitMs;
      for (let attempt = 0; ; attempt++) {
        const ok = await client.set(redisKey, token, { condition: 'NX', expiration: { type: 'PX', value: leaseMs } });
        if (ok === 'OK') break;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new LockTimeoutError(key);
        await sleep(backoff(attempt, remaining));
      }

      let lost = false;
      const timer = setInterval(
        () => {
          client
            .eval(EXTEND, { keys: [redisKey], arguments: [token, String(leaseMs)] })
            .then((extended) => {
              if (extended !== 1 && !lost) {
                lost = true;
                logger.warn(
                  { lock: key },
                  'lock lease lapsed before the work finished; another holder may run concurrently',
                );
              }
            })
            .catch((error: unknown) =>
              logger.warn({ lock: key, err: (error as Error).message }, 'could not extend lock lease'),
            );
        },
        Math.max(1, Math.floor(leaseMs / 2)),
      );
      timer.unref();

      try {
        return await fn();
      } finally {
        clearInterval(timer);
        try {
          await client.eval(RELEASE, { keys: [redisKey], arguments: [token] });
        } catch (error) {
          // The lease runs out by itself.
          logger.warn({ lock: key, err: (error as Error).message }, 'could not release lock; it lapses with its lease');
        }
      }
    },
  };
}
