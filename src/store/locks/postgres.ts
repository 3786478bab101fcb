import type pg from 'pg';
import { LockTimeoutError, type LockOptions, type Locker } from '../../core/ports.js';
import type { Logger } from '../../log.js';
import { backoff, DEFAULT_LOCK_OPTIONS, resolveLockOptions, sleep, type ResolvedLockOptions } from './options.js';

/**
 * Session advisory locks on connections of a pool reserved for locks (so holders never starve data queries).
 * The connection is held while fn runs; if the process dies the server ends the session and frees the lock.
 * leaseMs does not apply: the lock lives exactly as long as the holder's connection.
 */
export function createPostgresLocker(
  pool: pg.Pool,
  prefix: string,
  logger: Pick<Logger, 'warn'>,
  defaults: ResolvedLockOptions = DEFAULT_LOCK_OPTIONS,
): Locker {
  async function connectBefore(deadline: number, key: string): Promise<pg.PoolClient> {
    const pending = pool.connect();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // At least a second for the connection itself, so waitMs 0 still means "try once".
      timer = setTimeout(() => reject(new LockTimeoutError(key)), Math.max(1_000, deadline - Date.now()));
    });
    try {
      return await Promise.race([pending, timeout]);
    } catch (error) {
      pending.then(
        (client) => client.release(),
        () => undefined,
      );
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async withLock<T>(key: string, fn: () => Promise<T>, opts?: LockOptions): Promise<T> {
      const { waitMs } = resolveLockOptions(opts, defaults);
      const lockKey = `${prefix}${key}`;
      const deadline = Date.now() + waitMs;
      let client: pg.PoolClient;
      for (let attempt = 0; ; attempt++) {
        const candidate = await connectBefore(deadline, key);
        let got: boolean;
        try {
          const res = await candidate.query<{ ok: boolean }>(
            'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok',
            [lockKey],
          );
          got = res.rows[0]?.ok === true;
        } catch (error) {
          candidate.release(error as Error);
          throw error;
        }
        if (got) {
          client = candidate;
          break;
        }
        candidate.release();
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new LockTimeoutError(key);
        await sleep(backoff(attempt, remaining));
      }

      try {
        return await fn();
      } finally {
        try {
          const res = await client.query<{ ok: boolean }>('SELECT pg_advisory_unlock(hashtextextended($1, 0)) AS ok', [
            lockKey,
          ]);
          // Unexpected: drop the connection so the server surely frees whatever it holds.
          client.release(res.rows[0]?.ok === true ? undefined : true);
        } catch (error) {
          logger.warn(
            { lock: key, err: (error as Error).message },
            'could not unlock; dropping the connection frees the lock',
          );
          client.release(error as Error);
        }
      }
    },
  };
}
