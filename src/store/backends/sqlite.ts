import { chmod, mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { Keyv } from 'keyv';
import { KeyvSqlite } from '@keyv/sqlite';
import type { Backend, BackendOptions } from './types.js';
import { checkTableName, likePrefix } from './types.js';
import { createMemoryLocker } from '../locks/memory.js';
import type { ResolvedLockOptions } from '../locks/options.js';

/*
 * @keyv/sqlite opens one sqlite3 connection per adapter, and an adapter carries one namespace: so one
 * connection per namespace (cached), WAL so readers never block the writer, and a busy timeout for the rest.
 */
export async function createSqliteBackend(
  file: string,
  opts: BackendOptions & { lockDefaults: ResolvedLockOptions },
): Promise<Backend> {
  const table = checkTableName(opts.table);
  if (file !== ':memory:') await createPrivately(file);
  const adapterOptions = { uri: `sqlite://${file}`, table, busyTimeout: opts.timeoutMs, keySize: 1024 };
  const newAdapter = () => {
    const adapter = new KeyvSqlite(adapterOptions);
    adapter.on('error', (error: unknown) => opts.onError(error, 'sqlite'));
    return adapter;
  };
  // The control connection: table creation, WAL, atomic take/replace, clear, ping.
  const control = newAdapter();
  if (file !== ':memory:') await control.query('PRAGMA journal_mode=WAL');
  await control.query('SELECT 1');
  if (file !== ':memory:') await tightenModes(file);

  const adapters = new Set<KeyvSqlite>([control]);
  const cache = new Map<string, Keyv>();
  const fullKey = (keyv: Keyv, key: string) => keyv._getKeyPrefix(key);
  // ':memory:' is one database per connection: everything goes through the control connection then.
  const memory = file === ':memory:';

  return {
    kind: 'sqlite',
    keyOf: fullKey,
    keyv(namespace) {
      let keyv = cache.get(namespace);
      if (!keyv) {
        let adapter = control;
        if (!memory) {
          adapter = newAdapter();
          adapters.add(adapter);
        }
        keyv = new Keyv({ store: memory ? wrapShared(control) : adapter, namespace, throwOnErrors: true });
        keyv.on('error', (error: unknown) => opts.onError(error, `keyv ${namespace}`));
        cache.set(namespace, keyv);
      }
      return keyv;
    },
    async takeRaw(keyv, key) {
      const rows: Array<{ value: string }> = await control.query(
        `DELETE FROM ${table} WHERE key = ? RETURNING value`,
        fullKey(keyv, key),
      );
      return rows[0]?.value;
    },
    async replaceRaw(keyv, key, serialized) {
      const rows: unknown[] = await control.query(
        `UPDATE ${table} SET value = ? WHERE key = ? RETURNING key`,
        serialized,
        fullKey(keyv, key),
      );
      return rows.length > 0;
    },
    async getRaw(keyv, key) {
      const rows: Array<{ value: string }> = await control.query(
        `SELECT value FROM ${table} WHERE key = ?`,
        fullKey(keyv, key),
      );
      return rows[0]?.value;
    },
    async swapRaw(keyv, key, expected, next) {
      const rows: unknown[] = await control.query(
        `UPDATE ${table} SET value = ? WHERE key = ? AND value = ? RETURNING key`,
        next,
        fullKey(keyv, key),
        expected,
      );
      return rows.length > 0;
    },
    async listKeys(keyv) {
      const prefix = fullKey(keyv, '');
      const rows: Array<{ key: string }> = await control.query(
        `SELECT key FROM ${table} WHERE key LIKE ? ESCAPE '\\' ` +
          `AND coalesce(CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END, ?) >= ? ORDER BY key`,
        likePrefix(prefix),
        Number.MAX_SAFE_INTEGER,
        Date.now(),
      );
      return rows.map((row) => row.key.slice(prefix.length));
    },
    async clearPrefix(prefix) {
      await control.query(`DELETE FROM ${table} WHERE key LIKE ? ESCAPE '\\'`, likePrefix(prefix));
    },
    async sweepExpired(prefix) {
      const rows: unknown[] = await control.query(
        `DELETE FROM ${table} WHERE key LIKE ? ESCAPE '\\' ` +
          `AND (CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END) < ? RETURNING key`,
        likePrefix(prefix),
        Date.now(),
      );
      return rows.length;
    },
    locks: createMemoryLocker(`sqlite:${file}:${opts.lockPrefix}`, opts.lockDefaults, async (key, serialized) => {
      await control.query(
        `INSERT INTO ${table}(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        key,
        serialized,
      );
      return true;
    }),
    async ping() {
      await control.query('SELECT 1');
    },
    async close() {
      cache.clear();
      const all = [...adapters];
      adapters.clear();
      await Promise.allSettled(all.map((adapter) => adapter.disconnect()));
    },
  };
}

/**
 * The database holds sealed tokens and everything else aco-connect knows: only its owner may read it. SQLite
 * creates the -wal and -shm files with the database file's mode, so creating that file 0600 (before sqlite3
 * does, with the umask's 0644) covers all three.
 */
async function createPrivately(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await (await open(file, 'wx', 0o600)).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Files from before (or made under another umask) are narrowed to 0600 too. */
async function tightenModes(file: string): Promise<void> {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((await stat(f)).mode & 0o077) await chmod(f, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * For ':memory:' only: a view of the one shared adapter with its own namespace (Keyv writes the namespace
 * onto its store, so each Keyv needs its own object).
 */
function wrapShared(shared: KeyvSqlite): KeyvSqlite {
  const view = Object.create(shared) as KeyvSqlite;
  view.namespace = undefined;
  view.on = () => view;
  view.disconnect = async () => undefined;
  return view;
}
