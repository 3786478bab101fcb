import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { UnreadableRecordError } from '../core/ports.js';

/** What an encrypted value looks like at rest: AES-256-GCM, base64 parts. */
export const SealedSchema = z.object({
  v: z.literal(1),
  alg: z.literal('A256GCM'),
  iv: z.string(),
  tag: z.string(),
  ct: z.string(),
});
export type Sealed = z.infer<typeof SealedSchema>;

export class DecryptionError extends UnreadableRecordError {
  constructor(what: string) {
    super(`Cannot decrypt ${what}: wrong ENCRYPTION_KEY or the stored value was altered`);
    this.name = 'DecryptionError';
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealer {
  /** Encrypts with a fresh random IV; `aad` binds the ciphertext to where it is stored. */
  seal(plaintext: string, aad: string): Sealed;
  /** Checks the auth tag; throws DecryptionError on any mismatch. */
  open(sealed: unknown, aad: string, what?: string): string;
}

export function createSealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error('ENCRYPTION_KEY must be 32 bytes');
  return {
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        v: 1,
        alg: 'A256GCM',
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        ct: ct.toString('base64'),
      };
    },
    open(sealed, aad, what = 'value') {
      const parsed = SealedSchema.safeParse(sealed);
      if (!parsed.success) throw new DecryptionError(what);
      const iv = Buffer.from(parsed.data.iv, 'base64');
      const tag = Buffer.from(parsed.data.tag, 'base64');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError(what);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(parsed.data.ct, 'base64')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new DecryptionError(what);
      }
    },
  };
}
