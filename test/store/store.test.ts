import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import { LockTimeoutError, type Clock } from '../../src/core/ports.js';
import { createCapturingLogger } from '../../src/log.js';
import { createStore, type CreateStoreOptions, type StoreHandle } from '../../src/store/create-store.js';
import { DecryptionError } from '../../src/store/encryption.js';
import { BACKENDS, POSTGRES_URL, REDIS_URL, TEST_KEY } from '../support/store/backends.js';
import {
  ACCESS,
  auditEntry,
  DAY,
  draft,
  grant,
  oauthState,
  REFRESH,
  settingsRecord,
  sleep,
  uniqueNamespace,
} from '../support/store/fixtures.js';

describe.each(BACKENDS)('store on $name', (backend) => {
  const open: StoreHandle[] = [];
  const namespaces = new Set<string>();
  const { logger, lines } = createCapturingLogger('warn');

  async function makeStore(opts: Partial<CreateStoreOptions> = {}): Promise<StoreHandle> {
    const store = await createStore({
      url: backend.url(),
      encryptionKey: TEST_KEY,
      logger,
      namespace: uniqueNamespace(),
      ...opts,
    });
    open.push(store);
    namespaces.add(store.namespace);
    return store;
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    for (const namespace of namespaces) {
      const cleaner = await createStore({ url: backend.url(), encryptionKey: TEST_KEY, logger, namespace });
      await cleaner.clear();
      await cleaner.close();
    }
    namespaces.clear();
  });
  afterAll(() => {
    backend.cleanup();
    expect(lines.filter((line) => line.includes('store backend error'))).toEqual([]);
  });

  it('answers ping and reports its kind', async () => {
    const store = await makeStore();
    expect(store.kind).toBe(backend.name);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('round-trips settings, auth status, conversations and grants per tenant', async () => {
    const store = await makeStore();
    expect(await store.settings.get('slack:T1')).toBeUndefined();
    await store.settings.put('slack:T1', settingsRecord(3));
    expect(await store.settings.get('slack:T1')).toEqual(settingsRecord(3));
    expect(await store.settings.get('slack:T2')).toBeUndefined();

    const status = { state: 'authenticated', user: grant().user, since: '2025-01-02T03:04:05.000Z' } as const;
    await store.authStatus.put('slack:T1', status);
    expect(await store.authStatus.get('slack:T1')).toEqual(status);
    await store.authStatus.put('slack:T1', {
      state: 'revoked',
      at: '2025-02-01T00:00:00.000Z',
      reason: 'Password changed.',
    });
    expect((await store.authStatus.get('slack:T1'))?.state).toBe('revoked');

    const ref = { serviceUrl: 'https://smba.example/', conversation: { id: '19:abc' }, n: 1, ok: true, none: null };
    await store.conversations.put('teams:X', 'admin-channel', ref);
    expect(await store.conversations.get('teams:X', 'admin-channel')).toEqual(ref);
    expect(await store.conversations.get('teams:Y', 'admin-channel')).toBeUndefined();
    await store.conversations.delete('teams:X', 'admin-channel');
    expect(await store.conversations.get('teams:X', 'admin-channel')).toBeUndefined();

    expect(await store.grants.get('slack:T1')).toBeUndefined();
    await store.grants.put('slack:T1', grant());
    expect(await store.grants.get('slack:T1')).toEqual(grant());
    await store.grants.put('teams:a1b2:c3', grant());
    await store.settings.put('slack:T9', settingsRecord());
    expect(await store.grants.list()).toEqual(['slack:T1', 'teams:a1b2:c3']);
    await store.grants.delete('slack:T1');
    expect(await store.grants.get('slack:T1')).toBeUndefined();
    expect(await store.grants.list()).toEqual(['teams:a1b2:c3']);
    // Another namespace's grants are not listed.
    expect(await (await makeStore()).grants.list()).toEqual([]);
  });

  it('round-trips drafts and OAuth states, and attaches a context to a state', async () => {
    const store = await makeStore();
    const d = draft('slack:T1', 'd1', Date.now() + 15 * 60_000);
    await store.drafts.put(d);
    expect(await store.drafts.get('slack:T1', 'd1')).toEqual(d);
    expect(await store.drafts.get('slack:T2', 'd1')).toBeUndefined();
    await store.drafts.put({ ...d, status: 'confirmed', confirmedVersion: 4 });
    expect(await store.drafts.get('slack:T1', 'd1')).toMatchObject({ status: 'confirmed', confirmedVersion: 4 });

    const s = oauthState('slack:T1', 'st-1', Date.now() + 600_000);
    await store.states.put(s);
    expect(await store.states.setContext('st-1', { channel: 'C1', ts: '171.2' })).toBe(true);
    expect(await store.states.take('st-1')).toEqual({ ...s, context: { channel: 'C1', ts: '171.2' } });
    expect(await store.states.take('st-1')).toBeUndefined();
    expect(await store.states.setContext('st-1', { channel: 'C1' })).toBe(false);
    expect(await store.states.setContext('never-was', { channel: 'C1' })).toBe(false);
  });

  it('keeps a draft until a day past its expiry, then drops it (backend TTL)', async () => {
    const store = await makeStore();
    const d = draft('slack:T1', 'short', Date.now() - DAY + 400);
    await store.drafts.put(d);
    expect(await store.drafts.get('slack:T1', 'short')).toEqual(d); // past expiresAt, still nameable
    await sleep(700);
    expect(await store.drafts.get('slack:T1', 'short')).toBeUndefined();
  });

  it('drops drafts and states by the injected clock too', async () => {
    let now = Date.now();
    const clock: Clock = { now: () => now };
    const store = await makeStore({ clock });
    await store.drafts.put(draft('slack:T1', 'd', now + 60_000));
    await store.states.put(oauthState('slack:T1', 's', now + 60_000));
    now += 60_000 + DAY + 1;
    expect(await store.drafts.get('slack:T1', 'd')).toBeUndefined();
    expect(await store.states.setContext('s', {})).toBe(false);
    expect(await store.states.take('s')).toBeUndefined();
  });

  it('expires OAuth states (backend TTL)', async () => {
    const store = await makeStore();
    await store.states.put(oauthState('slack:T1', 'soon', Date.now() + 300));
    await sleep(600);
    expect(await store.states.setContext('soon', { a: 1 })).toBe(false);
    expect(await store.states.take('soon')).toBeUndefined();
  });

  it('sweeps expired records out of the backend and leaves the rest', async () => {
    const store = await makeStore();
    await store.states.put(oauthState('slack:T1', 'old', Date.now() + 200));
    await store.drafts.put(draft('slack:T1', 'old', Date.now() - DAY + 200));
    await store.states.put(oauthState('slack:T1', 'fresh', Date.now() + 600_000));
    await store.conversations.put('slack:T1', 'ref', { expires: 5, nested: { expires: 1 } });
    await sleep(400);
    const swept = await store.sweep();
    expect(swept).toBe(backend.name === 'redis' ? 0 : 2);
    const raw = await backend.raw();
    try {
      const keys = (await raw.entries(`${store.namespace}:`)).map(([key]) => key);
      expect(keys.some((k) => k.endsWith('old'))).toBe(false);
      expect(keys.some((k) => k.endsWith('fresh'))).toBe(true);
    } finally {
      await raw.close();
    }
    expect(await store.conversations.get('slack:T1', 'ref')).toEqual({ expires: 5, nested: { expires: 1 } });
    expect((await store.states.take('fresh'))?.state).toBe('fresh');
  });

  it.each([2, 20])('gives a state to exactly one of %i concurrent takers, across two store instances', async (n) => {
    const a = await makeStore();
    const b = await makeStore({ namespace: a.namespace });
    for (let round = 0; round < 5; round++) {
      const state = `race-${n}-${round}`;
      await a.states.put(oauthState('slack:T1', state, Date.now() + 600_000));
      const results = await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 ? b : a).states.take(state)));
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
      expect(results.find((r) => r !== undefined)?.state).toBe(state);
    }
  });

  it('never resurrects a state taken while its context is being set', async () => {
    const store = await makeStore();
    for (let round = 0; round < 10; round++) {
      const state = `ctx-${round}`;
      await store.states.put(oauthState('slack:T1', state, Date.now() + 600_000));
      const [taken] = await Promise.all([store.states.take(state), store.states.setContext(state, { round })]);
      expect(taken?.state).toBe(state);
      expect(await store.states.take(state)).toBeUndefined();
    }
  });

  it('lists audit entries newest first and caps them per tenant', async () => {
    const store = await makeStore({ auditCap: 5 });
    for (let n = 1; n <= 8; n++) await store.audit.append('slack:T1', auditEntry(n));
    await store.audit.append('slack:T2', auditEntry(100));
    const list = await store.audit.list('slack:T1', 50);
    expect(list.map((e) => e.id)).toEqual(['a8', 'a7', 'a6', 'a5', 'a4']);
    expect((await store.audit.list('slack:T1', 2)).map((e) => e.id)).toEqual(['a8', 'a7']);
    expect((await store.audit.list('slack:T2', 10)).map((e) => e.id)).toEqual(['a100']);
    expect(await store.audit.list('slack:T3', 10)).toEqual([]);
  });

  it('loses no audit entry to concurrent appends', async () => {
    const a = await makeStore();
    const b = await makeStore({ namespace: a.namespace });
    await Promise.all(Array.from({ length: 12 }, (_, n) => (n % 2 ? a : b).audit.append('slack:T1', auditEntry(n))));
    const ids = (await a.audit.list('slack:T1', 100)).map((e) => e.id).sort();
    expect(ids).toEqual(Array.from({ length: 12 }, (_, n) => `a${n}`).sort());
  });

  it('never shows a token in the raw store', async () => {
    const store = await makeStore();
    await store.grants.put('slack:T1', grant());
    await store.settings.put('slack:T1', settingsRecord());
    const raw = await backend.raw();
    try {
      const entries = await raw.entries(`${store.namespace}:`);
      expect(entries.some(([key]) => key.includes('grants'))).toBe(true);
      expect(entries.length).toBeGreaterThanOrEqual(2);
      for (const [key, value] of entries) {
        for (const secret of [ACCESS, REFRESH, 'ACCESS-TOKEN', 'REFRESH-TOKEN']) {
          expect(key).not.toContain(secret);
          expect(value).not.toContain(secret);
        }
      }
    } finally {
      await raw.close();
    }
  });

  it('refuses a tampered or moved ciphertext', async () => {
    const store = await makeStore();
    await store.grants.put('slack:T1', grant());
    await store.grants.put('slack:T2', grant());
    const raw = await backend.raw();
    try {
      const entries = await raw.entries(`${store.namespace}:`);
      const find = (tenant: string) => entries.find(([key]) => key.includes('grants') && key.endsWith(tenant))!;
      const [key1, value1] = find('slack:T1');
      const [key2] = find('slack:T2');

      const stored = JSON.parse(value1) as { value: { ct: string } };
      const ct = Buffer.from(stored.value.ct, 'base64');
      ct[0] ^= 0x01;
      stored.value.ct = ct.toString('base64');
      await raw.write(key1, JSON.stringify(stored));
      await expect(store.grants.get('slack:T1')).rejects.toBeInstanceOf(DecryptionError);

      // Tenant 1's (intact) sealed grant copied under tenant 2's key does not open either.
      await raw.write(key2, value1);
      await expect(store.grants.get('slack:T2')).rejects.toBeInstanceOf(DecryptionError);
    } finally {
      await raw.close();
    }
    // A wrong key does not open the grant.
    const other = await makeStore({ namespace: store.namespace, encryptionKey: Buffer.alloc(32, 9) });
    await store.grants.put('slack:T3', grant());
    await expect(other.grants.get('slack:T3')).rejects.toThrow(/ENCRYPTION_KEY/);
  });

  it('excludes concurrent holders of one lock, across two store instances', async () => {
    const a = await makeStore();
    const b = await makeStore({ namespace: a.namespace });
    let active = 0;
    let maxActive = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).locks.withLock(
          'tenant:slack:T1:refresh',
          async () => {
            active++;
            maxActive = Math.max(maxActive, active);
            await sleep(15);
            active--;
            done++;
          },
          { waitMs: 15_000 },
        ),
      ),
    );
    expect(done).toBe(10);
    expect(maxActive).toBe(1);
    // Different keys do not exclude each other.
    let inside = 0;
    let overlap = false;
    await Promise.all(
      ['k1', 'k2'].map((k) =>
        a.locks.withLock(k, async () => {
          inside++;
          await sleep(50);
          overlap ||= inside === 2;
          inside--;
        }),
      ),
    );
    expect(overlap).toBe(true);
  });

  it('gives up with LockTimeoutError after waitMs, and frees the lock when fn throws', async () => {
    const store = await makeStore();
    let release!: () => void;
    const held = store.locks.withLock('busy', () => new Promise<void>((resolve) => (release = resolve)));
    await sleep(50);
    const started = Date.now();
    await expect(store.locks.withLock('busy', async () => 1, { waitMs: 200 })).rejects.toBeInstanceOf(LockTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    release();
    await held;
    await expect(
      store.locks.withLock('busy', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(store.locks.withLock('busy', async () => 42, { waitMs: 500 })).resolves.toBe(42);
    await expect(store.locks.withLock('free', async () => 'once', { waitMs: 0 })).resolves.toBe('once');
  });

  it('keeps everything across a restart', async () => {
    const first = await makeStore();
    const ns = first.namespace;
    const d = draft('slack:T1', 'd1', Date.now() + 600_000);
    await first.settings.put('slack:T1', settingsRecord(2));
    await first.drafts.put(d);
    await first.states.put(oauthState('slack:T1', 'persist', Date.now() + 600_000));
    await first.grants.put('slack:T1', grant());
    await first.authStatus.put('slack:T1', { state: 'not_authenticated' });
    await first.audit.append('slack:T1', auditEntry(1));
    await first.conversations.put('slack:T1', 'dm', 'D123');
    await first.records('outbox').set('m1', { n: 1 });
    await first.close();

    const second = await makeStore({ namespace: ns });
    expect(await second.settings.get('slack:T1')).toEqual(settingsRecord(2));
    expect(await second.drafts.get('slack:T1', 'd1')).toEqual(d);
    expect((await second.states.take('persist'))?.state).toBe('persist');
    expect(await second.grants.get('slack:T1')).toEqual(grant());
    expect(await second.authStatus.get('slack:T1')).toEqual({ state: 'not_authenticated' });
    expect((await second.audit.list('slack:T1', 10)).map((e) => e.id)).toEqual(['a1']);
    expect(await second.conversations.get('slack:T1', 'dm')).toBe('D123');
    expect(await second.records('outbox').get('m1')).toEqual({ n: 1 });
  });

  it('gives features their own records on the same backend, isolated by namespace', async () => {
    const a = await makeStore();
    const b = await makeStore();
    await a.records('outbox').set('x', { v: 1 });
    expect(await a.records('outbox').get('x')).toEqual({ v: 1 });
    expect(await b.records('outbox').get('x')).toBeUndefined();
    expect(() => a.records('grants')).toThrow(/reserved/);
    expect(() => a.records('a:b')).toThrow();
    await a.clear();
    expect(await a.records('outbox').get('x')).toBeUndefined();
  });

  if (backend.name === 'redis') {
    it('lets a dead holder block a Redis lock only for its lease', async () => {
      const store = await makeStore();
      const client = createClient({ url: REDIS_URL });
      await client.connect();
      try {
        // What a process that died holding the lock leaves behind: the key with its token and lease.
        await client.set(`${store.namespace}:lock::grant-refresh`, 'dead-process-token', {
          expiration: { type: 'PX', value: 600 },
        });
        const started = Date.now();
        await expect(store.locks.withLock('grant-refresh', async () => 'ran', { waitMs: 100 })).rejects.toBeInstanceOf(
          LockTimeoutError,
        );
        await expect(store.locks.withLock('grant-refresh', async () => 'ran', { waitMs: 3_000 })).resolves.toBe('ran');
        const waited = Date.now() - started;
        expect(waited).toBeGreaterThanOrEqual(500);
        expect(waited).toBeLessThan(2_000);
      } finally {
        await client.close();
      }
    });

    it('extends the lease while a live holder is still working', async () => {
      const store = await makeStore();
      const held = store.locks.withLock('long', () => sleep(800), { leaseMs: 200 });
      await sleep(450); // two leases later: still held
      await expect(store.locks.withLock('long', async () => 1, { waitMs: 100 })).rejects.toBeInstanceOf(
        LockTimeoutError,
      );
      await held;
      await expect(store.locks.withLock('long', async () => 2, { waitMs: 500 })).resolves.toBe(2);
    });
  }

  if (backend.name === 'postgres') {
    it("frees a Postgres lock when its holder's connection drops", async () => {
      const store = await makeStore();
      const holder = new pg.Client({ connectionString: POSTGRES_URL });
      await holder.connect();
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [
        `${store.namespace}:lock::grant-refresh`,
      ]);
      await expect(store.locks.withLock('grant-refresh', async () => 'ran', { waitMs: 200 })).rejects.toBeInstanceOf(
        LockTimeoutError,
      );
      const waiting = store.locks.withLock('grant-refresh', async () => 'ran', { waitMs: 5_000 });
      await sleep(100);
      await holder.end(); // the "process" dies: the server ends its session and its locks
      await expect(waiting).resolves.toBe('ran');
    });
  }
});
