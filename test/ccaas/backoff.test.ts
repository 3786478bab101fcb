import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, parseRetryAfter, retryDelay } from '../../src/ccaas/backoff.js';

describe('retry backoff', () => {
  it('doubles from the base up to the cap, jittered within the upper half', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failures, r) => {
          const exp = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** (failures - 1));
          const d = retryDelay(failures, DEFAULT_BACKOFF, () => r);
          expect(d).toBeGreaterThanOrEqual(Math.floor(exp / 2));
          expect(d).toBeLessThanOrEqual(exp);
        },
      ),
    );
    expect(retryDelay(1, DEFAULT_BACKOFF, () => 1 - Number.EPSILON)).toBe(5_000);
    expect(retryDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(10_000);
    expect(retryDelay(50, DEFAULT_BACKOFF, () => 0)).toBe(30 * 60_000);
  });

  it("waits at least the receiver's Retry-After (up to the cap)", () => {
    expect(retryDelay(1, DEFAULT_BACKOFF, () => 0, 120_000)).toBe(120_000);
    expect(retryDelay(1, DEFAULT_BACKOFF, () => 0, 10 * 3_600_000)).toBe(DEFAULT_BACKOFF.maxMs);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
