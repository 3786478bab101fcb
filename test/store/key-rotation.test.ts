import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { reseal } from '../../src/reseal.js';
import { createCapturingLogger } from '../../src/log.js';
import { createStore, type StoreHandle } from '../../src/store/create-store.js';
import { DecryptionError } from '../../src/store/encryption.js';
import { keyId } from '../../src/store/encryption.js';
import { BACKENDS } from '../support/store/backends.js';
import { grant, oauthState, uniqueNamespace } from '../support/store/fixtures.js';

/*
 * ENCRYPTION_KEY rotation (issue 11): several keys, newest first; each sealed record names its key id; reads
 * use the right key, writes the newest; `npm run reseal` re-seals everything under the newest; no grant and no
 * PKCE verifier is lost on the way, and records from before key ids keep working.
 */

const OLD = randomBytes(32);
const NEW = randomBytes(32);
const b64 = (k: Buffer) => k.toString('base64');
const HOUR = 3_600_000;

describe.each(BACKENDS)('key rotation on $name', (backend) => {
  const open: StoreHandle[] = [];
  const namespaces = new Set<string>();
  const { logger } = createCapturingLogger('warn');

  async function storeWith(keys: string, namespace: string): Promise<StoreHandle> {
    const store = await createStore({ url: backend.url(), encryptionKey: keys, logger, namespace });
    open.push(store);
    namespaces.add(namespace);
    return store;
  }

  /** Every sealed object stored under the namespace, wherever it sits in a record. */
  async function sealedAtRest(namespace: string): Promise<Array<{ key: string; kid?: string }>> {
    const raw = await backend.raw();
    try {
      const found: Array<{ key: string; kid?: string }> = [];
      const walk = (key: string, v: unknown) => {
        if (v && typeof v === 'object') {
          const o = v as Record<string, unknown>;
          if (o.alg === 'A256GCM') found.push({ key, kid: o.kid as string | undefined });
          else for (const child of Object.values(o)) walk(key, child);
        }
      };
      for (const [key, value] of await raw.entries(`${namespace}:`)) walk(key, JSON.parse(value));
      return found;
    } finally {
      await raw.close();
    }
  }

  /** Rewrites every sealed object of the namespace without its key id: a record from before key ids. */
  async function stripKeyIds(namespace: string): Promise<void> {
    const raw = await backend.raw();
    try {
      for (const [key, value] of await raw.entries(`${namespace}:`)) {
        if (!value.includes('"kid"')) continue;
        await raw.write(key, value.replace(/"kid":"[^"]*",/g, ''));
      }
    } finally {
      await raw.close();
    }
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    for (const namespace of namespaces) {
      const cleaner = await createStore({ url: backend.url(), encryptionKey: b64(NEW), logger, namespace });
      await cleaner.clear();
      await cleaner.close();
    }
    namespaces.clear();
  });
  afterAll(() => backend.cleanup());

  it('reads old records (with and without key id) under new,old; writes and re-seals under the newest', async () => {
    const ns = uniqueNamespace();
    const before = await storeWith(b64(OLD), ns);
    const legacy = { ...grant(), since: '2024-01-01T00:00:00.000Z' };
    await before.grants.put('slack:TLEGACY', legacy);
    await stripKeyIds(ns);
    await before.grants.put('slack:T1', grant());
    const expiresAt = Date.now() + HOUR;
    await before.states.put(oauthState('slack:T1', 'state-1', expiresAt));
    await before.close();
    expect((await sealedAtRest(ns)).map((s) => s.kid).sort()).toEqual([keyId(OLD), keyId(OLD), undefined].sort());

    const rotating = await storeWith(`${b64(NEW)}, ${b64(OLD)}`, ns);
    expect(rotating.keyId).toBe(keyId(NEW));
    expect(await rotating.grants.get('slack:TLEGACY')).toEqual(legacy);
    expect(await rotating.grants.get('slack:T1')).toEqual(grant());
    await rotating.grants.put('slack:T2', grant());
    expect((await sealedAtRest(ns)).filter((s) => s.key.endsWith('slack:T2')).map((s) => s.kid)).toEqual([keyId(NEW)]);

    const report = await rotating.reseal();
    expect(report).toEqual({ resealed: 3, current: 1, failed: [] });
    // Every sealed value anywhere in the store, of any kind, is now under the newest key.
    const after = await sealedAtRest(ns);
    expect(after).toHaveLength(4);
    for (const s of after) expect(s.kid, s.key).toBe(keyId(NEW));
    // Only registered kinds hold sealed values (a new kind that seals registers, so reseal covers it).
    for (const s of after)
      expect(
        rotating.sealedNamespaces().some((n) => s.key.includes(`${n}:`)),
        s.key,
      ).toBe(true);
    expect(await rotating.reseal()).toEqual({ resealed: 0, current: 4, failed: [] });

    // The old key can go: everything opens with the new one alone, the PKCE verifier included.
    const rotated = await storeWith(b64(NEW), ns);
    expect(await rotated.grants.get('slack:TLEGACY')).toEqual(legacy);
    expect(await rotated.grants.get('slack:T2')).toEqual(grant());
    expect((await rotated.states.take('state-1'))?.codeVerifier).toBe('verifier-state-1');
    expect(await rotated.checkSealedRecords()).toMatchObject({ ok: true, unreadable: 0 });

    // A replica still on the old key alone cannot read them, and says which key id is missing.
    const stale = await storeWith(b64(OLD), ns);
    const err = await stale.grants.get('slack:T1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecryptionError);
    expect(String(err)).toContain(keyId(NEW));
    const check = await stale.checkSealedRecords();
    expect(check.ok).toBe(false);
    expect(check.reason).toContain(`key id ${keyId(NEW)}`);
    expect(check.reason).not.toContain(b64(NEW));
  });

  it('never puts back an older grant when a refresh writes during the re-seal', async () => {
    const ns = uniqueNamespace();
    const old = await storeWith(b64(OLD), ns);
    for (let i = 0; i < 10; i++) await old.grants.put(`slack:T${i}`, grant());
    const rotating = await storeWith(`${b64(NEW)},${b64(OLD)}`, ns);
    const writer = await storeWith(`${b64(NEW)},${b64(OLD)}`, ns);
    const latest = (i: number) => ({
      ...grant(),
      since: `2025-06-0${i % 9 || 1}T00:00:00.000Z`,
      lastRefreshAt: `${i}`,
    });
    const [report] = await Promise.all([
      rotating.reseal(),
      (async () => {
        for (let i = 0; i < 10; i++) await writer.grants.put(`slack:T${i}`, latest(i));
      })(),
    ]);
    expect(report.failed).toEqual([]);
    for (let i = 0; i < 10; i++) expect(await rotating.grants.get(`slack:T${i}`)).toEqual(latest(i));
    for (const s of await sealedAtRest(ns)) expect(s.kid).toBe(keyId(NEW));
  });

  it('`npm run reseal` re-seals the store named by STORE_URL under the first key of ENCRYPTION_KEY', async () => {
    // The command is backend-neutral; SQLite's file is this run's own, so namespace 'aco' holds only this test's records.
    if (backend.name !== 'sqlite') return;
    const ns = 'aco';
    const old = await storeWith(b64(OLD), ns);
    await old.grants.put('slack:TRESEAL', grant());
    const { report, keyId: id } = await reseal({ STORE_URL: backend.url(), ENCRYPTION_KEY: `${b64(NEW)},${b64(OLD)}` });
    expect(id).toBe(keyId(NEW));
    expect(report.failed).toEqual([]);
    expect(report.resealed).toBeGreaterThanOrEqual(1);
    const rotated = await storeWith(b64(NEW), ns);
    expect(await rotated.grants.get('slack:TRESEAL')).toEqual(grant());
  });
});
