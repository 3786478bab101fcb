import type pg from 'pg';
import { LockTimeoutError, type HeldLock, type LockOptions, type Locker } from '../../core/ports.js';
import type { Logger } from '../../log.js';
import type { StoreGuard } from '../deadline.js';
import { createHeldLock } from './held.js';
import { backoff, DEFAULT_LOCK_OPTIONS, resolveLockOptions, sleep, type ResolvedLockOptions } from './options.js';

export interface PostgresLockerOptions {
  pool: pg.Pool;
  poolSize: number;
  prefix: string;
  /** `public.<table>` of the store: fenced writes go there, on the lock's own session. */
  table: string;
  logger: Pick<Logger, 'warn'>;
  guard: StoreGuard;
  defaults?: ResolvedLockOptions;
}

/**
 * Session advisory locks on connections of a pool reserved for locks (so holders never starve data queries).
 * The connection is held while fn runs; if the process dies the server ends the session and frees the lock.
 * leaseMs does not apply: the lock lives exactly as long as the holder's session. If that session ends while
 * fn runs (the server restarted, the connection was cut, pg_terminate_backend), the lock is free for others at
 * once: the holder sees `lost`, and a fenced write runs ON THAT SESSION, so it cannot succeed once the session,
 * and with it the lock, is gone.
 */
export function createPostgresLocker(opts: PostgresLockerOptions): Locker {
  const { pool, prefix, logger, guard } = opts;
  const defaults = opts.defaults ?? DEFAULT_LOCK_OPTIONS;

  /** A lock connection; a full lock pool is waited out like a held lock, a server that is away is an outage. */
  async function connectBefore(deadline: number, key: string): Promise<pg.PoolClient> {
    for (let attempt = 0; ; attempt++) {
      let pending: Promise<pg.PoolClient> | undefined;
      try {
        return await guard.run('lock connection', () => {
          pending = pool.connect();
          return pending;
        });
      } catch (error) {
        // A connection that arrives after the deadline goes back to the pool, or the pool would run dry.
        pending?.then(
          (late) => late.release(),
          () => undefined,
        );
        const saturated = pool.totalCount >= opts.poolSize;
        const remaining = deadline - Date.now();
        if (!saturated) throw error;
        if (remaining <= 0) throw new LockTimeoutError(key);
        await sleep(backoff(attempt, remaining));
      }
    }
  }

  return {
    async withLock<T>(key: string, fn: (lock: HeldLock) => Promise<T>, lockOpts?: LockOptions): Promise<T> {
      const { waitMs } = resolveLockOptions(lockOpts, defaults);
      const lockKey = `${prefix}${key}`;
      const deadline = Date.now() + waitMs;
      let client: pg.PoolClient;
      for (let attempt = 0; ; attempt++) {
        const candidate = await connectBefore(deadline, key);
        let got: boolean;
        try {
          const res = await guard.run('lock', () =>
            candidate.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [lockKey]),
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

      let sessionGone = false;
      const lock = createHeldLock(
        key,
        () => sessionGone,
        async (fullKey, serialized) => {
          if (sessionGone) return false;
          try {
            await guard.run('fenced write', () =>
              client.query(
                `INSERT INTO ${opts.table}(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
                [fullKey, serialized],
              ),
            );
            return true;
          } catch (error) {
            // The session (and so the lock) is gone: the write did not happen on it.
            if (sessionGone) return false;
            throw error;
          }
        },
      );
      // A checked-out pg client that loses its connection emits 'error' (unhandled, that would end the process).
      const onGone = (error?: Error) => {
        if (sessionGone) return;
        sessionGone = true;
        lock.markLost();
        logger.warn(
          { lock: key, err: error?.message ?? 'connection ended' },
          'lock connection lost while the work ran; the lock is free for others now',
        );
      };
      client.on('error', onGone);
      client.on('end', onGone);

      try {
        return await fn(lock);
      } finally {
        let drop: boolean | Error | undefined = sessionGone || undefined;
        if (!sessionGone) {
          try {
            const res = await guard.run('lock release', () =>
              client.query<{ ok: boolean }>('SELECT pg_advisory_unlock(hashtextextended($1, 0)) AS ok', [lockKey]),
            );
            // Unexpected: drop the connection so the server surely frees whatever it holds.
            drop = res.rows[0]?.ok === true ? undefined : true;
          } catch (error) {
            logger.warn(
              { lock: key, err: (error as Error).message },
              'could not unlock; dropping the connection frees the lock',
            );
            drop = error as Error;
          }
        }
        client.removeListener('error', onGone);
        client.removeListener('end', onGone);
        client.release(drop);
      }
    },
  };
}
