import type { Keyv } from 'keyv';
import { StoreUnavailableError } from '../core/ports.js';

/**
 * Every store operation runs through this: it either settles within `timeoutMs` or fails with
 * StoreUnavailableError; a backend error that means "the store is down" (per backend: connection refused or
 * lost, client offline, server shutting down) becomes StoreUnavailableError too. Other errors (a bad SQL value,
 * a script error) pass through unchanged: they are bugs or bad input, not an outage.
 */
export interface StoreGuard {
  readonly timeoutMs: number;
  run<T>(what: string, op: () => Promise<T>): Promise<T>;
  /** The error as StoreUnavailableError when it means an outage; otherwise the error itself. */
  translate(err: unknown, what: string): unknown;
}

export function createStoreGuard(
  kind: string,
  timeoutMs: number,
  isOutage: (err: unknown) => boolean,
  retryAfterMs = 5_000,
): StoreGuard {
  const translate = (err: unknown, what: string): unknown => {
    if (err instanceof StoreUnavailableError || !isOutage(err)) return err;
    const detail = err instanceof Error ? err.message.replace(/\s+/g, ' ').slice(0, 160) : String(err).slice(0, 160);
    return new StoreUnavailableError(`The ${kind} store is unavailable (${what}: ${detail})`, {
      retryAfterMs,
      cause: err,
    });
  };
  return {
    timeoutMs,
    translate,
    async run<T>(what: string, op: () => Promise<T>): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new StoreUnavailableError(`The ${kind} store did not answer ${what} within ${timeoutMs} ms`, {
                retryAfterMs,
              }),
            ),
          timeoutMs,
        );
      });
      // Started inside the try: an operation that throws synchronously is translated like any other failure.
      try {
        return await Promise.race([Promise.resolve().then(op), deadline]);
      } catch (err) {
        throw translate(err, what);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Keyv's methods that reach the backend; each gets the guard. */
const BACKEND_METHODS = new Set([
  'get',
  'getMany',
  'getRaw',
  'getManyRaw',
  'set',
  'setMany',
  'setRaw',
  'setManyRaw',
  'delete',
  'deleteMany',
  'clear',
  'has',
  'hasMany',
]);

/** The same Keyv, with every backend call under the guard (a Proxy: Keyv's API stays exactly as it is). */
export function guardKeyv(keyv: Keyv, guard: StoreGuard, namespace: string): Keyv {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(keyv, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      let fn = wrapped.get(prop);
      if (!fn) {
        fn = BACKEND_METHODS.has(String(prop))
          ? (...args: unknown[]) =>
              guard.run(`${String(prop)} in ${namespace}`, () =>
                (value as (...a: unknown[]) => Promise<unknown>).apply(target, args),
              )
          : (value as (...a: unknown[]) => unknown).bind(target);
        wrapped.set(prop, fn);
      }
      return fn;
    },
  });
}
