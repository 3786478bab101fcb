import { createClient } from '@keyv/redis';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { LockLostError } from '../../src/core/ports.js';
import { createCapturingLogger } from '../../src/log.js';
import { createStore, type StoreHandle } from '../../src/store/create-store.js';
import { POSTGRES_URL, REDIS_URL, TEST_KEY } from '../support/store/backends.js';
import { grant, uniqueNamespace } from '../support/store/fixtures.js';

/*
 * Issue 11, finding 3, at the store: a lock lost while its holder works (PostgreSQL: the lock session ends;
 * Redis: the lease lapsed and another holder took the key) is seen as lost, and a write fenced with it is
 * refused, nothing written. Before, the PostgreSQL holder's process crashed on the dead connection's 'error'
 * event, or (with a listener) carried on and wrote.
 */

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('fenced writes under a lost lock', () => {
  const open: StoreHandle[] = [];
  const { logger } = createCapturingLogger('warn');
  const make = async (url: string, namespace = uniqueNamespace()) => {
    const s = await createStore({ url, encryptionKey: TEST_KEY, logger, namespace, lock: { leaseMs: 1_000 } });
    open.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of open.splice(0)) {
      await s.clear();
      await s.close();
    }
  });

  it('PostgreSQL: the lock session terminated mid-work: lost, the fenced write refused, the lock free at once', async () => {
    const store = await make(POSTGRES_URL);
    const other = await make(POSTGRES_URL, store.namespace);
    await store.grants.put('slack:T1', grant());
    const newer = { ...grant(), lastRefreshAt: '2025-06-01T00:00:00.000Z' };
    const outcome = await store.locks.withLock('grant:slack:T1', async (lock) => {
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      try {
        // Only this lock's session (pg_locks splits the 64-bit advisory key into classid and objid).
        const held = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
             AND classid = ((hashtextextended($1, 0) >> 32) & 4294967295)::bigint::text::oid
             AND objid = (hashtextextended($1, 0) & 4294967295)::bigint::text::oid`,
          [`${store.namespace}:lock::grant:slack:T1`],
        );
        expect(held.rows).toHaveLength(1);
        for (const { pid } of held.rows) await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      } finally {
        await admin.end();
      }
      await until(() => lock.lost);
      expect(lock.signal.aborted).toBe(true);
      // Another holder gets the lock at once, while this one still runs.
      await other.locks.withLock('grant:slack:T1', async () => undefined, { waitMs: 2_000 });
      return store.grants.put('slack:T1', newer, lock).catch((e: unknown) => e);
    });
    expect(outcome).toBeInstanceOf(LockLostError);
    expect(await store.grants.get('slack:T1')).toEqual(grant());
  });

  it('Redis: the lease taken over by another holder: lost, the fenced write refused', async () => {
    const store = await make(REDIS_URL);
    await store.grants.put('slack:T1', grant());
    const newer = { ...grant(), lastRefreshAt: '2025-06-01T00:00:00.000Z' };
    const raw = createClient({ url: REDIS_URL });
    await raw.connect();
    try {
      const outcome = await store.locks.withLock('grant:slack:T1', async (lock) => {
        // The lease lapsed and someone else holds the key now.
        await raw.set(`${store.namespace}:lock::grant:slack:T1`, 'someone-else', {
          expiration: { type: 'PX', value: 5_000 },
        });
        const refused = await store.grants.put('slack:T1', newer, lock).catch((e: unknown) => e);
        await until(() => lock.lost);
        return refused;
      });
      expect(outcome).toBeInstanceOf(LockLostError);
      expect(await store.grants.get('slack:T1')).toEqual(grant());
      // While the lock holds, the fenced write goes through.
      await store.locks.withLock('grant:slack:T2', (lock) => store.grants.put('slack:T2', newer, lock));
      expect(await store.grants.get('slack:T2')).toEqual(newer);
    } finally {
      await raw.del(`${store.namespace}:lock::grant:slack:T1`);
      await raw.close();
    }
  });
});
