import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import { parseStoreUrl } from './store-url.js';

const KEY_BYTES = 32;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface ResolveEncryptionKeyOptions {
  storeUrl?: string;
  /** ENCRYPTION_KEY: 32 bytes, base64 (base64url accepted). */
  encryptionKey?: string;
  logger?: Pick<Logger, 'warn' | 'info'>;
  cwd?: string;
}

/** Decodes ENCRYPTION_KEY; the message never contains the value. */
export function decodeEncryptionKey(value: string): Buffer {
  const text = value.trim();
  if (!text || !(BASE64.test(text) || BASE64URL.test(text))) {
    throw new Error('ENCRYPTION_KEY must be 32 random bytes encoded as base64 (e.g. `openssl rand -base64 32`)');
  }
  const key = Buffer.from(text, BASE64.test(text) ? 'base64' : 'base64url');
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `ENCRYPTION_KEY must decode to ${KEY_BYTES} bytes, got ${key.length} (generate one with \`openssl rand -base64 32\`)`,
    );
  }
  return key;
}

/**
 * ENCRYPTION_KEY as a list, newest first: `new,old` while rotating (the newest seals, every listed key opens).
 * Each must be 32 bytes, base64; the message names the position, never the value.
 */
export function decodeEncryptionKeys(value: string): Buffer[] {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length === 1) return [decodeEncryptionKey(value)];
  return parts.map((part, i) => {
    try {
      return decodeEncryptionKey(part);
    } catch (error) {
      throw new Error(
        `${(error as Error).message.replace(/^ENCRYPTION_KEY/, `ENCRYPTION_KEY (key ${i + 1} of ${parts.length})`)}`,
      );
    }
  });
}

/** Every key of ENCRYPTION_KEY (newest first); with SQLite and no key, the generated one (see resolveEncryptionKey). */
export async function resolveEncryptionKeys(opts: ResolveEncryptionKeyOptions): Promise<Buffer[]> {
  if (opts.encryptionKey !== undefined && opts.encryptionKey.trim() !== '')
    return decodeEncryptionKeys(opts.encryptionKey);
  return [await resolveEncryptionKey(opts)];
}

/**
 * The key that encrypts ACO tokens at rest (the newest one when ENCRYPTION_KEY lists several). With SQLite and no ENCRYPTION_KEY a key is generated once and kept
 * beside the database (`<db>.key`, mode 0600); Redis and PostgreSQL require ENCRYPTION_KEY.
 */
export async function resolveEncryptionKey(opts: ResolveEncryptionKeyOptions): Promise<Buffer> {
  if (opts.encryptionKey !== undefined && opts.encryptionKey.trim() !== '')
    return decodeEncryptionKeys(opts.encryptionKey)[0] as Buffer;
  const location = parseStoreUrl(opts.storeUrl, opts.cwd);
  if (location.kind !== 'sqlite') throw new Error('ENCRYPTION_KEY is required with a Redis or PostgreSQL store');
  if (location.file === ':memory:') {
    opts.logger?.warn('ENCRYPTION_KEY is not set: using a throw-away key for the in-memory SQLite store');
    return randomBytes(KEY_BYTES);
  }
  return loadOrCreateKeyFile(`${location.file}.key`, opts.logger);
}

async function readKeyFile(file: string): Promise<Buffer> {
  let text = (await readFile(file, 'utf8')).trim();
  // Another process may have just created the file and not written it yet.
  for (let i = 0; i < 20 && text === ''; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    text = (await readFile(file, 'utf8')).trim();
  }
  try {
    return decodeEncryptionKey(text);
  } catch {
    throw new Error(`ENCRYPTION_KEY file ${file} does not hold a 32-byte base64 key; restore it or set ENCRYPTION_KEY`);
  }
}

async function loadOrCreateKeyFile(file: string, logger?: Pick<Logger, 'warn' | 'info'>): Promise<Buffer> {
  await mkdir(path.dirname(file), { recursive: true });
  const key = randomBytes(KEY_BYTES);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // 'wx': of two processes starting at once only one writes; the other reads what it wrote.
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const mode = (await stat(file)).mode & 0o777;
    if (mode & 0o077)
      logger?.warn({ file, mode: mode.toString(8) }, 'encryption key file is readable by other users; chmod 600 it');
    return readKeyFile(file);
  }
  try {
    await handle.writeFile(`${key.toString('base64')}\n`, 'utf8');
    await handle.chmod(0o600); // in case the umask widened nothing, but be explicit
  } finally {
    await handle.close();
  }
  logger?.warn(
    { file },
    'ENCRYPTION_KEY is not set: generated a key for the SQLite store and saved it beside the database. ' +
      'Set ENCRYPTION_KEY in production and keep it safe; without it the stored ACO tokens cannot be read.',
  );
  return key;
}
