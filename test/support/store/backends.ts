import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import sqlite3 from 'sqlite3';

/* The three real backends the store suite runs against, and plain clients that read them raw. */

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export interface RawAccess {
  /** Every raw [key, value] whose key starts with prefix. */
  entries(prefix: string): Promise<Array<[string, string]>>;
  write(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

export interface BackendCase {
  name: 'sqlite' | 'redis' | 'postgres';
  url(): string;
  raw(): Promise<RawAccess>;
  cleanup(): void;
}

let sqliteDir: string | undefined;
const sqliteFile = () => {
  sqliteDir ??= mkdtempSync(path.join(tmpdir(), 'aco-store-'));
  return path.join(sqliteDir, 'store.sqlite');
};

export const BACKENDS: BackendCase[] = [
  {
    name: 'sqlite',
    url: () => `sqlite://${sqliteFile()}`,
    async raw() {
      const db = await new Promise<sqlite3.Database>((resolve, reject) => {
        const d = new sqlite3.Database(sqliteFile(), (err) => (err ? reject(err) : resolve(d)));
      });
      const all = (sql: string, ...params: unknown[]) =>
        new Promise<Array<{ key: string; value: string }>>((resolve, reject) =>
          db.all(sql, params, (err, rows) =>
            err ? reject(err) : resolve(rows as Array<{ key: string; value: string }>),
          ),
        );
      return {
        async entries(prefix) {
          const rows = await all('SELECT key, value FROM keyv');
          return rows.filter((r) => r.key.startsWith(prefix)).map((r) => [r.key, r.value]);
        },
        async write(key, value) {
          await all('UPDATE keyv SET value = ? WHERE key = ?', value, key);
        },
        close: () => new Promise<void>((resolve) => db.close(() => resolve())),
      };
    },
    cleanup() {
      if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
      sqliteDir = undefined;
    },
  },
  {
    name: 'redis',
    url: () => REDIS_URL,
    async raw() {
      const client = createClient({ url: REDIS_URL });
      await client.connect();
      return {
        async entries(prefix) {
          const out: Array<[string, string]> = [];
          for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 200 })) {
            for (const key of keys) out.push([key, (await client.get(key)) ?? '']);
          }
          return out;
        },
        async write(key, value) {
          await client.set(key, value, { expiration: 'KEEPTTL' });
        },
        close: () => client.close(),
      };
    },
    cleanup() {},
  },
  {
    name: 'postgres',
    url: () => POSTGRES_URL,
    async raw() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      return {
        async entries(prefix) {
          const res = await client.query<{ key: string; value: string }>('SELECT key, value FROM keyv');
          return res.rows.filter((r) => r.key.startsWith(prefix)).map((r) => [r.key, r.value]);
        },
        async write(key, value) {
          await client.query('UPDATE keyv SET value = $2 WHERE key = $1', [key, value]);
        },
        close: () => client.end(),
      };
    },
    cleanup() {},
  },
];
