import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { UnreadableRecordError } from '../core/ports.js';

/**
 * What an encrypted value looks like at rest: AES-256-GCM, base64 parts, and the id of the key that sealed it
 * (`kid`; records sealed before key rotation existed have none and are opened by trying each key).
 */
export const SealedSchema = z.object({
  v: z.literal(1),
  alg: z.literal('A256GCM'),
  kid: z.string().optional(),
  iv: z.string(),
  tag: z.string(),
  ct: z.string(),
});
export type Sealed = z.infer<typeof SealedSchema>;

export class DecryptionError extends UnreadableRecordError {
  constructor(what: string, why = 'wrong ENCRYPTION_KEY or the stored value was altered') {
    super(`Cannot decrypt ${what}: ${why}`);
    this.name = 'DecryptionError';
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A key's id: 8 characters of a hash of the key (with a label, so it is no other hash of it). It tells which
 * key sealed a record without revealing anything about the key.
 */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('aco-connect sealing key id\u0000').update(key).digest('base64url').slice(0, 8);
}

export interface Sealer {
  /** Id of the newest key, the one `seal` uses. */
  readonly keyId: string;
  /** Encrypts with the newest key and a fresh random IV; `aad` binds the ciphertext to where it is stored. */
  seal(plaintext: string, aad: string): Sealed;
  /** Checks the auth tag with the key the record names (each key in turn for old records without an id). */
  open(sealed: unknown, aad: string, what?: string): string;
  /** Whether the record is sealed with the newest key (false for records without a key id). */
  isCurrent(sealed: unknown): boolean;
}

/** Keys newest first: the first seals, all of them open. */
export function createSealer(keys: Buffer | readonly Buffer[]): Sealer {
  const list = Buffer.isBuffer(keys) ? [keys] : [...keys];
  if (list.length === 0) throw new Error('ENCRYPTION_KEY must name at least one key');
  for (const key of list) if (key.length !== 32) throw new Error('ENCRYPTION_KEY must be 32 bytes');
  const byId = new Map(list.map((key) => [keyId(key), key] as const));
  if (byId.size !== list.length) throw new Error('ENCRYPTION_KEY lists the same key twice');
  const [newest] = list as [Buffer, ...Buffer[]];
  const newestId = keyId(newest);

  const tryOpen = (key: Buffer, data: Sealed, aad: string): string | undefined => {
    const iv = Buffer.from(data.iv, 'base64');
    const tag = Buffer.from(data.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(data.ct, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  };

  return {
    keyId: newestId,
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', newest, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        v: 1,
        alg: 'A256GCM',
        kid: newestId,
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        ct: ct.toString('base64'),
      };
    },
    open(sealed, aad, what = 'value') {
      const parsed = SealedSchema.safeParse(sealed);
      if (!parsed.success) throw new DecryptionError(what);
      const { kid } = parsed.data;
      if (kid !== undefined) {
        const key = byId.get(kid);
        if (!key)
          throw new DecryptionError(what, `it was sealed with key id ${kid}, which ENCRYPTION_KEY does not list`);
        const text = tryOpen(key, parsed.data, aad);
        if (text === undefined)
          throw new DecryptionError(what, `key id ${kid} does not open it: the stored value was altered`);
        return text;
      }
      for (const key of list) {
        const text = tryOpen(key, parsed.data, aad);
        if (text !== undefined) return text;
      }
      throw new DecryptionError(what);
    },
    isCurrent(sealed) {
      const parsed = SealedSchema.safeParse(sealed);
      return parsed.success && parsed.data.kid === newestId;
    },
  };
}

/** True for a value shaped like a sealed record (found by the re-sealer anywhere in a stored value). */
export const isSealed = (value: unknown): value is Sealed => SealedSchema.safeParse(value).success;
