import type { LockOptions } from '../../core/ports.js';

export interface ResolvedLockOptions {
  leaseMs: number;
  waitMs: number;
}

export const DEFAULT_LOCK_OPTIONS: ResolvedLockOptions = { leaseMs: 30_000, waitMs: 10_000 };

export function resolveLockOptions(opts: LockOptions | undefined, defaults: ResolvedLockOptions): ResolvedLockOptions {
  const leaseMs = opts?.leaseMs ?? defaults.leaseMs;
  const waitMs = opts?.waitMs ?? defaults.waitMs;
  if (!(leaseMs > 0)) throw new Error('lock leaseMs must be positive');
  if (!(waitMs >= 0)) throw new Error('lock waitMs must not be negative');
  return { leaseMs, waitMs };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll delay: grows from 10 ms to 100 ms, with jitter so waiters do not move in step. */
export function backoff(attempt: number, remainingMs: number): number {
  const base = Math.min(100, 10 * 2 ** Math.min(attempt, 4));
  return Math.max(1, Math.min(remainingMs, base / 2 + Math.random() * base));
}
