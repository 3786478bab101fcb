import type { Keyv } from 'keyv';
import type { z } from 'zod';
import type { Clock, Locker } from '../../core/ports.js';
import type { Backend } from '../backends/types.js';
import type { KindSealer, SealedKindSpec } from '../sealed-records.js';

/** What every repository gets from createStore. */
export interface RepositoryContext {
  backend: Backend;
  /** The Keyv of one internal namespace (`<store namespace>:<name>`). */
  keyv(name: string): Keyv;
  locks: Locker;
  clock: Clock;
  /** The only way to seal: registers the kind, so re-sealing and the key check cover it. */
  sealedKind(spec: SealedKindSpec): KindSealer;
  auditCap: number;
}

export class CorruptRecordError extends Error {
  constructor(what: string, detail: string) {
    super(`Stored ${what} is not valid: ${detail}`);
    this.name = 'CorruptRecordError';
  }
}

/** Validates a value read from the store; a bad record is an error, never silently "absent". */
export function parseStored<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const paths = result.error.issues.map((issue) => issue.path.join('.') || '(root)').slice(0, 5);
    throw new CorruptRecordError(what, `bad field(s) ${paths.join(', ')}`);
  }
  return result.data;
}

/** Milliseconds from now until `iso` (+ extra), at least 1 (Keyv treats a TTL of 0 as "forever"). */
export function ttlUntil(iso: string, clock: Clock, extraMs = 0): number {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) throw new Error(`not a timestamp: ${iso}`);
  return Math.max(1, at + extraMs - clock.now());
}

export function isPast(iso: string, clock: Clock, extraMs = 0): boolean {
  return Date.parse(iso) + extraMs <= clock.now();
}
