import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  backoffMs,
  DEFAULT_REFRESH_POLICY as P,
  markAlerted,
  owedAlert,
  refreshTokenDue,
} from '../../src/core/refresh-policy.js';
import type { StoredGrant } from '../../src/core/types.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-01T00:00:00Z');

const grant = (issuedAt: number, refreshLifetime = 7 * DAY): StoredGrant => ({
  tokens: {
    accessToken: 'a',
    refreshToken: 'r',
    accessTokenExpiresAt: issuedAt + HOUR,
    refreshTokenExpiresAt: issuedAt + refreshLifetime,
    tokenType: 'bearer',
  },
  user: { id: '1', name: 'Alice', extensionNumber: '101' },
  since: new Date(issuedAt).toISOString(),
});

describe('refresh policy', () => {
  it('is due when 5 of 7 days are left, or 5/7 of a shorter lifetime', () => {
    const g = grant(T0);
    expect(refreshTokenDue(g, T0 + 2 * DAY - 1, P)).toBe(false);
    expect(refreshTokenDue(g, T0 + 2 * DAY, P)).toBe(true);
    const short = grant(T0, 7 * HOUR);
    expect(refreshTokenDue(short, T0 + 2 * HOUR - 1, P)).toBe(false);
    expect(refreshTokenDue(short, T0 + 2 * HOUR, P)).toBe(true);
    // lastRefreshAt starts the lifetime anew.
    const refreshed = {
      ...grant(T0 + 3 * DAY),
      since: new Date(T0).toISOString(),
      lastRefreshAt: new Date(T0 + 3 * DAY).toISOString(),
    };
    expect(refreshTokenDue(refreshed, T0 + 4 * DAY, P)).toBe(false);
  });

  it('never retries sooner than 30 s nor sooner than Retry-After; grows to the cap otherwise', () => {
    expect(backoffMs(1, undefined, P)).toBe(30_000);
    expect(backoffMs(2, undefined, P)).toBe(60_000);
    expect(backoffMs(50, undefined, P)).toBe(P.maxBackoffMs);
    expect(backoffMs(1, 5_000, P)).toBe(30_000);
    expect(backoffMs(1, 2 * HOUR, P)).toBe(2 * HOUR);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.option(fc.integer({ min: 0, max: 10 * DAY }), { nil: undefined }),
        (n, ra) => {
          const ms = backoffMs(n, ra, P);
          return ms >= P.minBackoffMs && ms >= (ra ?? 0) && (ra !== undefined || ms <= P.maxBackoffMs);
        },
      ),
    );
  });

  it('keeps a last try before the refresh token lapses even under a long Retry-After', () => {
    const g = grant(T0);
    const now = g.tokens.refreshTokenExpiresAt - HOUR;
    const h = afterFailure(undefined, g, now, { label: 'rate_limited (HTTP 429)', retryAfterMs: DAY }, P);
    expect(h.nextAttemptAt).toBe(g.tokens.refreshTokenExpiresAt - P.minBackoffMs);
  });

  it('owes the persisting alert after the threshold and the early warning near the end, each once', () => {
    const g = grant(T0);
    const start = T0 + 2 * DAY;
    let h = afterFailure(undefined, g, start, { label: 'server_error (HTTP 503)' }, P);
    expect(owedAlert(h, g, start + P.alertAfterMs - 1, P)).toBeUndefined();
    expect(owedAlert(h, g, start + P.alertAfterMs, P)).toBe('persisting');
    h = markAlerted(h, 'persisting', start + P.alertAfterMs);
    expect(owedAlert(h, g, start + 2 * P.alertAfterMs, P)).toBeUndefined();
    const nearEnd = g.tokens.refreshTokenExpiresAt - P.warnBeforeMs;
    expect(owedAlert(h, g, nearEnd, P)).toBe('expiring');
    h = markAlerted(h, 'expiring', nearEnd);
    expect(owedAlert(h, g, nearEnd + HOUR, P)).toBeUndefined();
    // A streak that starts near the end sends the warning alone, not both.
    const late = afterFailure(undefined, g, nearEnd, { label: 'unreachable' }, P);
    const warned = markAlerted(late, 'expiring', nearEnd);
    expect(owedAlert(warned, g, nearEnd + 2 * P.alertAfterMs, P)).toBeUndefined();
  });
});
