import KeyvPostgres from '@keyv/postgres';
import { Keyv } from 'keyv';
import pg from 'pg';
import type { Logger } from '../../log.js';
import { createPostgresLocker } from '../locks/postgres.js';
import type { ResolvedLockOptions } from '../locks/options.js';
import { redactUrl } from '../store-url.js';
import type { Backend, BackendOptions } from './types.js';
import { checkTableName, likePrefix } from './types.js';

/*
 * @keyv/postgres keeps ONE module-wide pg.Pool and its disconnect() ends it for every adapter in the process;
 * so the adapter is subclassed to run its SQL on this store's own pool, and the store ends that pool itself.
 * A second small pool holds the advisory-lock sessions.
 */
export async function createPostgresBackend(
  url: string,
  opts: BackendOptions & { lockDefaults: ResolvedLockOptions; logger: Pick<Logger, 'warn'>; poolSize?: number },
): Promise<Backend> {
  const table = checkTableName(opts.table);
  const qualified = `public.${table}`;
  // Every wait has an end: getting a connection (pool full or server away), the server running a statement,
  // and the client waiting for its answer (a dead peer that never resets the TCP connection).
  const deadlines = {
    connectionTimeoutMillis: opts.timeoutMs,
    statement_timeout: opts.timeoutMs,
    query_timeout: opts.timeoutMs + 500,
    lock_timeout: opts.timeoutMs,
    keepAlive: true,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
    ...deadlines,
  });
  const lockPool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    idleTimeoutMillis: 10_000,
    ...deadlines,
  });
  pool.on('error', (error) => opts.onError(error, 'postgres pool'));
  lockPool.on('error', (error) => opts.onError(error, 'postgres lock pool'));

  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS ${qualified}(key VARCHAR(1024) PRIMARY KEY, value TEXT)`);
  } catch (error) {
    // Two processes creating the table at once: one gets a unique violation on the catalog; the table exists.
    if ((error as { code?: string }).code !== '23505') {
      await Promise.allSettled([pool.end(), lockPool.end()]);
      throw new Error(`Cannot use the PostgreSQL store at ${redactUrl(url)}: ${(error as Error).message}`);
    }
  }

  class PooledKeyvPostgres extends KeyvPostgres {
    override async connect() {
      return async (sql: string, values?: unknown[]) => (await pool.query(sql, values)).rows;
    }
    override async disconnect() {
      /* the store ends its pools */
    }
  }

  const cache = new Map<string, Keyv>();
  const pending = new Set<Promise<unknown>>();
  const fullKey = (keyv: Keyv, key: string) => keyv._getKeyPrefix(key);

  return {
    kind: 'postgres',
    keyOf: fullKey,
    keyv(namespace) {
      let keyv = cache.get(namespace);
      if (!keyv) {
        const adapter = new PooledKeyvPostgres({ uri: url, table, schema: 'public', keySize: 1024 });
        adapter.on('error', (error: unknown) => opts.onError(error, 'postgres'));
        // The adapter runs CREATE TABLE IF NOT EXISTS on construction; close() waits for it.
        const ready = adapter.query('SELECT 1').catch(() => undefined);
        pending.add(ready);
        void ready.finally(() => pending.delete(ready));
        keyv = new Keyv({ store: adapter, namespace, throwOnErrors: true });
        keyv.on('error', (error: unknown) => opts.onError(error, `keyv ${namespace}`));
        cache.set(namespace, keyv);
      }
      return keyv;
    },
    async takeRaw(keyv, key) {
      const res = await pool.query<{ value: string }>(`DELETE FROM ${qualified} WHERE key = $1 RETURNING value`, [
        fullKey(keyv, key),
      ]);
      return res.rows[0]?.value;
    },
    async replaceRaw(keyv, key, serialized) {
      const res = await pool.query(`UPDATE ${qualified} SET value = $2 WHERE key = $1`, [
        fullKey(keyv, key),
        serialized,
      ]);
      return (res.rowCount ?? 0) > 0;
    },
    async getRaw(keyv, key) {
      const res = await pool.query<{ value: string }>(`SELECT value FROM ${qualified} WHERE key = $1`, [
        fullKey(keyv, key),
      ]);
      return res.rows[0]?.value;
    },
    async swapRaw(keyv, key, expected, next) {
      const res = await pool.query(`UPDATE ${qualified} SET value = $3 WHERE key = $1 AND value = $2`, [
        fullKey(keyv, key),
        expected,
        next,
      ]);
      return (res.rowCount ?? 0) > 0;
    },
    async listKeys(keyv) {
      const prefix = fullKey(keyv, '');
      const res = await pool.query<{ key: string }>(
        `SELECT key FROM ${qualified} WHERE key LIKE $1 ESCAPE '\\' ` +
          `AND coalesce(substring(value from '"expires":([0-9]+)}$')::bigint, $2) >= $3 ORDER BY key`,
        [likePrefix(prefix), Number.MAX_SAFE_INTEGER, Date.now()],
      );
      return res.rows.map((row) => row.key.slice(prefix.length));
    },
    async clearPrefix(prefix) {
      await pool.query(`DELETE FROM ${qualified} WHERE key LIKE $1 ESCAPE '\\'`, [likePrefix(prefix)]);
    },
    async sweepExpired(prefix) {
      // Keyv serializes `{"value":…,"expires":N}`: the top-level expiry is the one that ends the text.
      const res = await pool.query(
        `DELETE FROM ${qualified} WHERE key LIKE $1 ESCAPE '\\' AND substring(value from '"expires":([0-9]+)}$')::bigint < $2`,
        [likePrefix(prefix), Date.now()],
      );
      return res.rowCount ?? 0;
    },
    locks: createPostgresLocker({
      pool: lockPool,
      poolSize: opts.poolSize ?? 10,
      prefix: `${opts.lockPrefix}lock::`,
      table: qualified,
      logger: opts.logger,
      guard: opts.guard,
      defaults: opts.lockDefaults,
    }),
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await Promise.allSettled([...pending]);
      cache.clear();
      await Promise.allSettled([pool.end(), lockPool.end()]);
    },
  };
}
