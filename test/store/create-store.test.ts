import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../../src/log.js';
import { createStore } from '../../src/store/create-store.js';
import { DEFAULT_STORE_URL, parseStoreUrl } from '../../src/store/store-url.js';
import { TEST_KEY } from '../support/store/backends.js';

const dir = mkdtempSync(path.join(tmpdir(), 'aco-create-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseStoreUrl', () => {
  it('reads every supported scheme; relative SQLite paths are relative to cwd', () => {
    expect(parseStoreUrl(DEFAULT_STORE_URL, '/srv/app')).toEqual({
      kind: 'sqlite',
      file: '/srv/app/data/aco-connect.sqlite',
    });
    expect(parseStoreUrl('sqlite:///var/lib/aco.sqlite')).toEqual({ kind: 'sqlite', file: '/var/lib/aco.sqlite' });
    expect(parseStoreUrl('sqlite://:memory:')).toEqual({ kind: 'sqlite', file: ':memory:' });
    expect(parseStoreUrl('rediss://u:p@h:6380/0').kind).toBe('redis');
    expect(parseStoreUrl('redis://h').kind).toBe('redis');
    expect(parseStoreUrl('postgres://h/db').kind).toBe('postgres');
    expect(parseStoreUrl('postgresql://h/db').kind).toBe('postgres');
  });

  it('rejects other schemes naming STORE_URL without echoing it', () => {
    expect(() => parseStoreUrl('mysql://root:hunter2@h/db')).toThrow(/STORE_URL/);
    expect(() => parseStoreUrl('mysql://root:hunter2@h/db')).not.toThrow(/hunter2/);
    expect(() => parseStoreUrl('sqlite://')).toThrow(/STORE_URL/);
  });
});

describe('createStore', () => {
  it('creates the SQLite folder and the default store works end to end', async () => {
    const { logger } = createCapturingLogger();
    const store = await createStore({ cwd: dir, logger });
    try {
      expect(existsSync(path.join(dir, 'data', 'aco-connect.sqlite'))).toBe(true);
      expect(existsSync(path.join(dir, 'data', 'aco-connect.sqlite.key'))).toBe(true);
      await store.ping();
      await store.conversations.put('t', 'k', 'v');
      expect(await store.conversations.get('t', 'k')).toBe('v');
    } finally {
      await store.close();
      await store.close(); // idempotent
    }
  });

  it('works on an in-memory SQLite database', async () => {
    const store = await createStore({ url: 'sqlite://:memory:', logger: createCapturingLogger().logger });
    try {
      await store.audit.append('t', { id: '1', at: '2025-01-01T00:00:00.000Z', action: 'disconnected', summary: 'x' });
      await store.records('feature').set('a', 1);
      expect(await store.audit.list('t', 5)).toHaveLength(1);
      expect(await store.records('feature').get('a')).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('fails clearly, without the password, when Redis or PostgreSQL cannot be reached', async () => {
    const { logger } = createCapturingLogger();
    const redis = await createStore({ url: 'redis://:hunter2@127.0.0.1:1', encryptionKey: TEST_KEY, logger }).catch(
      (e: Error) => e,
    );
    expect(redis).toBeInstanceOf(Error);
    expect((redis as Error).message).toMatch(/Redis store/);
    expect((redis as Error).message).not.toContain('hunter2');
    const pgErr = await createStore({
      url: 'postgresql://u:hunter2@127.0.0.1:1/db',
      encryptionKey: TEST_KEY,
      logger,
    }).catch((e: Error) => e);
    expect(pgErr).toBeInstanceOf(Error);
    expect((pgErr as Error).message).toMatch(/PostgreSQL store/);
    expect((pgErr as Error).message).not.toContain('hunter2');
  });

  it('checks the namespace', async () => {
    await expect(createStore({ url: 'sqlite://:memory:', namespace: 'a b', encryptionKey: TEST_KEY })).rejects.toThrow(
      /namespace/,
    );
  });
});

describe('SQLite file modes (issue 11, finding 10)', () => {
  it('creates the database, its WAL and its shared-memory file readable by the owner only (0600)', async () => {
    const old = process.umask(0o022);
    try {
      const file = path.join(dir, 'modes', 'aco.sqlite');
      const store = await createStore({ url: `sqlite://${file}`, encryptionKey: TEST_KEY, namespace: 'modes' });
      await store.settings.put('slack:T1', {
        settings: {
          sipDomain: { host: 'sip.ringcentral.com', port: 5090 },
          outboundProxy: { host: 'sip10.ringcentral.com', port: 5090 },
          recording: false,
        },
        version: 1,
        savedBy: { id: 'U1', name: 'Ada', platform: 'slack' },
        savedAt: '2025-01-02T03:04:05.000Z',
      });
      // While the store is open (WAL mode), all three files exist.
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        expect(existsSync(f), f).toBe(true);
        expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
      }
      await store.close();
    } finally {
      process.umask(old);
    }
  });

  it('narrows an existing database file made 0644 to 0600', async () => {
    const file = path.join(dir, 'modes-old.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const store = await createStore({ url: `sqlite://${file}`, encryptionKey: TEST_KEY, namespace: 'modes' });
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    await store.close();
  });
});
