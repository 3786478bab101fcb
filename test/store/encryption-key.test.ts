import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../../src/log.js';
import { createStore } from '../../src/store/create-store.js';
import { decodeEncryptionKey, resolveEncryptionKey } from '../../src/store/encryption-key.js';
import { createSealer, DecryptionError } from '../../src/store/encryption.js';
import { grant } from '../support/store/fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'aco-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveEncryptionKey', () => {
  it('generates a key file beside the SQLite database once (mode 0600, with a warning) and reuses it', async () => {
    const { logger, lines } = createCapturingLogger();
    const storeUrl = `sqlite://${path.join(dir, 'nested', 'db.sqlite')}`;
    const keyFile = path.join(dir, 'nested', 'db.sqlite.key');

    const first = await resolveEncryptionKey({ storeUrl, logger });
    expect(first).toHaveLength(32);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64').equals(first)).toBe(true);
    expect(lines.join('')).toMatch(/ENCRYPTION_KEY is not set/);
    expect(lines.join('')).not.toContain(first.toString('base64'));

    lines.length = 0;
    const second = await resolveEncryptionKey({ storeUrl, logger });
    expect(second.equals(first)).toBe(true);
    expect(lines.join('')).not.toMatch(/generated/);
  });

  it('resolves relative SQLite paths against cwd', async () => {
    const key = await resolveEncryptionKey({ storeUrl: 'sqlite://./data/rel.sqlite', cwd: dir });
    expect(readFileSync(path.join(dir, 'data', 'rel.sqlite.key'), 'utf8').trim()).toBe(key.toString('base64'));
  });

  it('gives two processes starting at once the same key', async () => {
    const storeUrl = `sqlite://${path.join(dir, 'race.sqlite')}`;
    const keys = await Promise.all(Array.from({ length: 8 }, () => resolveEncryptionKey({ storeUrl })));
    for (const key of keys) expect(key.equals(keys[0])).toBe(true);
  });

  it('uses ENCRYPTION_KEY when given, and writes no file', async () => {
    const value = Buffer.alloc(32, 3).toString('base64');
    const key = await resolveEncryptionKey({
      storeUrl: `sqlite://${path.join(dir, 'given.sqlite')}`,
      encryptionKey: value,
    });
    expect(key.equals(Buffer.alloc(32, 3))).toBe(true);
    expect(() => statSync(path.join(dir, 'given.sqlite.key'))).toThrow();
  });

  it.each([
    'redis://127.0.0.1:6379',
    'rediss://example:6380',
    'postgresql://x@localhost/db',
    'postgres://localhost/db',
  ])('requires ENCRYPTION_KEY with %s', async (storeUrl) => {
    await expect(resolveEncryptionKey({ storeUrl })).rejects.toThrow(
      'ENCRYPTION_KEY is required with a Redis or PostgreSQL store',
    );
  });

  it.each([
    Buffer.alloc(16, 0xab).toString('base64'),
    Buffer.alloc(33, 0xcd).toString('base64'),
    'not base64 at all!',
    'c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw==',
  ])('rejects a bad key naming ENCRYPTION_KEY without echoing it (%#)', async (value) => {
    const error = await resolveEncryptionKey({ storeUrl: 'redis://localhost', encryptionKey: value }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('ENCRYPTION_KEY');
    expect((error as Error).message).not.toContain(value);
    expect((error as Error).message).not.toContain(value.slice(0, 12));
    expect(() => decodeEncryptionKey(value)).toThrow(/ENCRYPTION_KEY/);
  });

  it('lets a restarted SQLite store without ENCRYPTION_KEY read its grants', async () => {
    const url = `sqlite://${path.join(dir, 'restart.sqlite')}`;
    const { logger } = createCapturingLogger();
    const a = await createStore({ url, logger, namespace: 'k' });
    await a.grants.put('slack:T1', grant());
    await a.close();
    const b = await createStore({ url, logger, namespace: 'k' });
    try {
      expect(await b.grants.get('slack:T1')).toEqual(grant());
    } finally {
      await b.close();
    }
  });
});

describe('AES-256-GCM sealer', () => {
  const sealer = createSealer(Buffer.alloc(32, 5));

  it('uses a fresh IV per write and opens only with the same AAD', () => {
    const a = sealer.seal('hello', 'aad-1');
    const b = sealer.seal('hello', 'aad-1');
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(sealer.open(a, 'aad-1')).toBe('hello');
    expect(() => sealer.open(a, 'aad-2')).toThrow(DecryptionError);
  });

  it.each(['ct', 'tag', 'iv'] as const)('rejects a tampered %s', (field) => {
    const sealed = sealer.seal('secret token', 'x');
    const bytes = Buffer.from(sealed[field], 'base64');
    bytes[bytes.length - 1] ^= 0x80;
    expect(() => sealer.open({ ...sealed, [field]: bytes.toString('base64') }, 'x')).toThrow(DecryptionError);
  });

  it('rejects a truncated tag and junk', () => {
    const sealed = sealer.seal('secret token', 'x');
    expect(() =>
      sealer.open({ ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64') }, 'x'),
    ).toThrow(DecryptionError);
    expect(() => sealer.open('plain', 'x')).toThrow(DecryptionError);
    expect(() => createSealer(Buffer.alloc(16))).toThrow(/ENCRYPTION_KEY/);
  });
});
