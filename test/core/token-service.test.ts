import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AccessTokenError } from '../../src/core/token-service.js';
import { startFakeAco, type FakeAco } from '../support/fakes/aco-server.js';
import {
  HOUR,
  MINUTE,
  DAY,
  harness,
  issueGrant,
  removeSqliteDir,
  secretsOf,
  settle,
  uniqueTenant,
  type BackendName,
  type Harness,
} from '../support/core/auth-fixtures.js';

/* AcoTokenService with real stores, the real RingCentral SDK gateway and the fake ACO on one test clock. */

let fake: FakeAco;
let h: Harness;
const seenTokens: string[] = [];

async function setup(backend: BackendName = 'sqlite') {
  fake = await startFakeAco({});
  h = harness(fake, backend);
}

afterEach(async () => {
  // Nothing secret in any log line: not a token the fake handed out, not the client secret.
  if (h) {
    const secrets = [...secretsOf(fake), ...seenTokens.splice(0)];
    const log = h.lines.join('\n');
    for (const s of secrets) expect(log.includes(s), 'a secret reached the log').toBe(false);
    await h.close();
  }
  await fake?.close();
});
afterAll(() => removeSqliteDir());

async function failureOf(p: Promise<unknown>): Promise<AccessTokenError> {
  const r = await settle(p);
  if (r.ok) throw new Error('expected getAccessToken to fail');
  expect(r.error).toBeInstanceOf(AccessTokenError);
  return r.error as AccessTokenError;
}

describe('AcoTokenService.getAccessToken', () => {
  it('returns a fresh access token without calling ACO', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    const grant = issueGrant(fake);
    await n.store.grants.put(tenant, grant);

    const got = await n.tokens.getAccessToken(tenant);
    expect(got).toEqual({
      accessToken: grant.tokens.accessToken,
      expiresAt: new Date(grant.tokens.accessTokenExpiresAt).toISOString(),
    });
    expect(fake.counts.refresh).toBe(0);
  });

  it('refreshes within the margin of expiry, stores the rotated pair first, and the new token works at ACO', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    const grant = issueGrant(fake);
    await n.store.grants.put(tenant, grant);
    fake.clock.advance(HOUR - 4 * MINUTE); // inside the 5-minute margin, still valid

    const got = await n.tokens.getAccessToken(tenant);
    seenTokens.push(got.accessToken);
    expect(fake.counts.refreshSucceeded).toBe(1);
    expect(got.accessToken).not.toBe(grant.tokens.accessToken);
    expect(fake.isAccessTokenValid(got.accessToken)).toBe(true);

    const stored = await n.store.grants.get(tenant);
    const current = fake.grants()[0]!;
    expect(stored?.tokens.accessToken).toBe(current.accessToken);
    expect(stored?.tokens.refreshToken).toBe(current.refreshToken);
    const refreshedAt = Date.parse(stored!.lastRefreshAt!);
    expect(refreshedAt).toBeGreaterThan(Date.parse(grant.since) + HOUR - 5 * MINUTE);
    expect(refreshedAt).toBeLessThanOrEqual(fake.clock.now());
    expect(stored?.since).toBe(grant.since);

    // The status every surface shows reads the same grant: last refresh and the new refresh-token end.
    const status = await n.workflow.authStatus(tenant);
    expect(status).toMatchObject({ state: 'authenticated', lastRefreshAt: stored!.lastRefreshAt });
    expect(status.state === 'authenticated' && Date.parse(status.refreshTokenExpiresAt!)).toBe(
      stored!.tokens.refreshTokenExpiresAt,
    );

    // Asking again is served from the store.
    expect((await n.tokens.getAccessToken(tenant)).accessToken).toBe(got.accessToken);
    expect(fake.counts.refresh).toBe(1);
  });

  it('coalesces 50 concurrent demands in one process into one refresh', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    await n.store.grants.put(tenant, issueGrant(fake));
    fake.clock.advance(2 * HOUR); // access token expired

    const results = await Promise.all(Array.from({ length: 50 }, () => n.tokens.getAccessToken(tenant)));
    seenTokens.push(results[0]!.accessToken);
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
    expect(fake.counts.refresh).toBe(1);
    expect(fake.isAccessTokenValid(results[0]!.accessToken)).toBe(true);
  });

  describe.each(['sqlite', 'redis', 'postgres'] as const)('across store connections on %s', (backend) => {
    it('two services sharing the store send one refresh for 40 demands; no invalid_grant', async () => {
      await setup(backend);
      const a = await h.node();
      const b = await h.node();
      const tenant = uniqueTenant();
      await a.store.grants.put(tenant, issueGrant(fake));
      fake.clock.advance(2 * HOUR);

      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).tokens.getAccessToken(tenant)),
      );
      seenTokens.push(results[0]!.accessToken);
      expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
      expect(fake.counts.refresh).toBe(1);
      expect(fake.calls.filter((c) => c.status !== 200)).toEqual([]);
      expect((await b.store.grants.get(tenant))?.tokens.accessToken).toBe(results[0]!.accessToken);
    });

    it('a revoked grant: one auth.lost for many concurrent demands, status Revoked, tokens discarded', async () => {
      await setup(backend);
      const a = await h.node();
      const b = await h.node();
      const tenant = uniqueTenant();
      await a.store.grants.put(tenant, issueGrant(fake));
      fake.revokeUser(undefined, 'password changed');
      fake.clock.advance(2 * HOUR);

      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => settle((i % 2 ? a : b).tokens.getAccessToken(tenant))),
      );
      for (const o of outcomes) {
        expect(o.ok).toBe(false);
        expect((o as { error: AccessTokenError }).error.code).toBe('revoked');
      }
      expect(fake.counts.refresh).toBe(1);
      expect(h.events.filter((e) => e.type === 'auth.lost')).toHaveLength(1);
      const lost = h.events.find((e) => e.type === 'auth.lost');
      expect(lost).toMatchObject({ tenant, status: { state: 'revoked', user: { name: 'Alice Admin' } } });
      expect(await a.store.grants.get(tenant)).toBeUndefined();
      expect(await a.workflow.authStatus(tenant)).toMatchObject({ state: 'revoked' });
      expect((await a.store.audit.list(tenant, 10)).filter((e) => e.action === 'auth.lost')).toHaveLength(1);

      // Later demands say so without asking ACO or alerting again.
      expect((await failureOf(b.tokens.getAccessToken(tenant))).code).toBe('revoked');
      expect(fake.counts.refresh).toBe(1);
      expect(h.events.filter((e) => e.type === 'auth.lost')).toHaveLength(1);
    });
  });

  it('a transient failure keeps the tokens, serves the still-valid token and waits out Retry-After', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    const grant = issueGrant(fake);
    await n.store.grants.put(tenant, grant);
    fake.clock.advance(HOUR - 4 * MINUTE);
    fake.failNext(1, { status: 503, retryAfter: 120 });

    // Inside the margin but not expired: the old token still serves.
    expect((await n.tokens.getAccessToken(tenant)).accessToken).toBe(grant.tokens.accessToken);
    expect(fake.counts.refresh).toBe(1);
    const health = await n.tokens.refreshHealth(tenant);
    expect(health).toMatchObject({ failures: 1, lastError: 'server_error (HTTP 503)' });
    expect(health!.nextAttemptAt - health!.lastFailureAt).toBe(120_000);

    fake.clock.advance(119_000);
    expect((await n.tokens.getAccessToken(tenant)).accessToken).toBe(grant.tokens.accessToken);
    expect(fake.counts.refresh).toBe(1); // nothing sent during Retry-After

    fake.clock.advance(2_000);
    const got = await n.tokens.getAccessToken(tenant);
    seenTokens.push(got.accessToken);
    expect(got.accessToken).not.toBe(grant.tokens.accessToken);
    expect(fake.counts.refresh).toBe(2);
    expect(await n.tokens.refreshHealth(tenant)).toBeUndefined();
    expect(h.events).toEqual([]);
    const audit = await n.store.audit.list(tenant, 5);
    expect(audit.map((e) => e.action)).toEqual(['auth.refreshed']);
    expect(audit[0]!.summary).toContain('after 1 failed attempt');
  });

  it('an expired access token during an outage: unavailable with a retry hint, tokens kept', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    const grant = issueGrant(fake);
    await n.store.grants.put(tenant, grant);
    fake.clock.advance(2 * HOUR);
    fake.failNext(1, { status: 429 }); // no Retry-After: at least 30 s

    const err = await failureOf(n.tokens.getAccessToken(tenant));
    expect(err.code).toBe('unavailable');
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(30_000);
    expect(err.message).not.toMatch(/U0pD/); // the fake's token prefix
    expect((await n.store.grants.get(tenant))?.tokens.refreshToken).toBe(grant.tokens.refreshToken);

    fake.clock.advance(29_000);
    expect((await failureOf(n.tokens.getAccessToken(tenant))).code).toBe('unavailable');
    expect(fake.counts.refresh).toBe(1);

    fake.clock.advance(err.retryAfterMs!);
    seenTokens.push((await n.tokens.getAccessToken(tenant)).accessToken);
    expect(fake.counts.refreshSucceeded).toBe(1);
  });

  it('a refresh that times out after ACO rotated is recovered with the stored refresh token', async () => {
    await setup();
    const n = await h.node({ refreshTimeoutMs: 300 });
    const tenant = uniqueTenant();
    const grant = issueGrant(fake);
    await n.store.grants.put(tenant, grant);
    fake.clock.advance(2 * HOUR);
    // ACO answers (and rotates) only after we gave up: the new pair is lost in transit.
    fake.failNext(1, { delayMs: 800 });

    expect((await failureOf(n.tokens.getAccessToken(tenant))).code).toBe('unavailable');
    await new Promise((r) => setTimeout(r, 900));
    expect(fake.counts.refreshSucceeded).toBe(1);

    fake.clock.advance(31_000);
    const got = await n.tokens.getAccessToken(tenant);
    seenTokens.push(got.accessToken);
    expect(fake.isAccessTokenValid(got.accessToken)).toBe(true);
    expect(h.events).toEqual([]);
  });

  it('a refresh token that lapsed: status Expired, one alert, grant discarded, ACO not asked', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    await n.store.grants.put(tenant, issueGrant(fake));
    fake.clock.advance(7 * DAY + MINUTE);

    expect((await failureOf(n.tokens.getAccessToken(tenant))).code).toBe('expired');
    expect((await failureOf(n.tokens.getAccessToken(tenant))).code).toBe('expired');
    expect(fake.counts.refresh).toBe(0);
    expect(h.events.map((e) => e.type)).toEqual(['auth.lost']);
    expect(await n.workflow.authStatus(tenant)).toMatchObject({
      state: 'expired',
      reason: expect.stringContaining('7 days'),
    });
  });

  it('no grant: not_authenticated', async () => {
    await setup();
    const n = await h.node();
    const err = await failureOf(n.tokens.getAccessToken(uniqueTenant()));
    expect(err.code).toBe('not_authenticated');
  });

  it('a grant replaced by re-authentication starts without the old failure streak', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    await n.store.grants.put(tenant, issueGrant(fake));
    fake.clock.advance(2 * HOUR);
    fake.failNext(1, { status: 503, retryAfter: 86_400 });
    expect((await failureOf(n.tokens.getAccessToken(tenant))).code).toBe('unavailable');

    fake.clock.advance(MINUTE);
    const fresh = issueGrant(fake);
    await n.store.grants.put(tenant, fresh);
    fake.clock.advance(2 * HOUR);
    expect(await n.tokens.refreshHealth(tenant)).toBeUndefined();
    seenTokens.push((await n.tokens.getAccessToken(tenant)).accessToken);
    expect(fake.counts.refreshSucceeded).toBe(1);
  });
});
