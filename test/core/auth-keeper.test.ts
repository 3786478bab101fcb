import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createAuthKeeper, type AuthKeeperOptions } from '../../src/core/auth-keeper.js';
import type { AcoGateway } from '../../src/core/ports.js';
import { startFakeAco, type FakeAco } from '../support/fakes/aco-server.js';
import {
  DAY,
  gatewayFor,
  harness,
  HOUR,
  issueGrant,
  MINUTE,
  removeSqliteDir,
  secretsOf,
  uniqueTenant,
  type BackendName,
  type Harness,
  type Node,
} from '../support/core/auth-fixtures.js';

/* The keeper on the test clock: the fake ACO's clock is the app's clock, and each step runs one pass. */

let fake: FakeAco;
let h: Harness;

async function setup(backend: BackendName = 'sqlite') {
  fake = await startFakeAco({});
  h = harness(fake, backend);
}

afterEach(async () => {
  if (h) {
    const log = h.lines.join('\n');
    for (const s of secretsOf(fake)) expect(log.includes(s), 'a secret reached the log').toBe(false);
    await h.close();
  }
  await fake?.close();
});
afterAll(() => removeSqliteDir());

const keeperOf = (n: Node, extra: Partial<AuthKeeperOptions> = {}) =>
  createAuthKeeper({ tokens: n.tokens, store: n.store, aco: gatewayFor(fake), logger: h.logger, ...extra });

/** Advances the shared clock in steps, one keeper pass per step. */
async function run(keeper: { runOnce(): Promise<unknown> }, totalMs: number, stepMs: number) {
  for (let t = 0; t < totalMs; t += stepMs) {
    fake.clock.advance(stepMs);
    await keeper.runOnce();
  }
}

const refreshCalls = () => fake.calls.filter((c) => c.grantType === 'refresh_token');
const types = () => h.events.map((e) => e.type);

describe.each(['sqlite', 'redis', 'postgres'] as const)('GrantRepository.list on %s', (backend) => {
  it('lists the tenants holding a grant, ids with colons intact, and only this store namespace', async () => {
    await setup(backend);
    const n = await h.node();
    const other = harness(fake, backend);
    const o = await other.node();
    try {
      const t1 = 'slack:T0001';
      const t2 = 'teams:72f988bf-86f1-41af-91ab-2d7cd011db47';
      await n.store.grants.put(t1, issueGrant(fake));
      await n.store.grants.put(t2, issueGrant(fake));
      await o.store.grants.put('slack:TOTHER', issueGrant(fake));
      await n.store.settings.put(t1, {
        settings: {
          sipDomain: { host: 'sip.example.com', port: 5060 },
          outboundProxy: { host: 'p.example.com', port: 5090 },
          recording: false,
        },
        version: 1,
        savedBy: { platform: 'slack', id: 'U1', name: 'Ada' },
        savedAt: new Date().toISOString(),
      } as never);
      expect(await n.store.grants.list()).toEqual([t1, t2]);
      await n.store.grants.delete(t1);
      expect(await n.store.grants.list()).toEqual([t2]);
      expect(await o.store.grants.list()).toEqual(['slack:TOTHER']);
    } finally {
      await other.close();
    }
  });
});

describe('auth keeper', () => {
  it('keeps an idle tenant authenticated over 30 simulated days, surviving a restart half-way', async () => {
    await setup();
    let n = await h.node();
    const tenant = uniqueTenant();
    await n.store.grants.put(tenant, issueGrant(fake));
    let keeper = keeperOf(n);

    await run(keeper, 15 * DAY, 6 * HOUR);
    // Restart: new store connection, service and keeper over the same data.
    await n.store.close();
    n = await h.node();
    keeper = keeperOf(n);
    await run(keeper, 15 * DAY, 6 * HOUR);

    // Refreshed when 5 of the 7 days were left, i.e. every 2 days: not hourly, never lapsing.
    expect(fake.counts.refreshSucceeded).toBe(15);
    expect(refreshCalls().every((c) => c.status === 200)).toBe(true);
    expect(h.events).toEqual([]);
    const status = await n.workflow.authStatus(tenant);
    expect(status.state).toBe('authenticated');
    const grant = await n.store.grants.get(tenant);
    expect(grant?.tokens.refreshToken).toBe(fake.grants()[0]!.refreshToken);
    expect(status).toMatchObject({ lastRefreshAt: grant!.lastRefreshAt });
    // The access token had expired while idle: a demand refreshes it once and ACO accepts it.
    const { accessToken } = await n.tokens.getAccessToken(tenant);
    expect(fake.isAccessTokenValid(accessToken)).toBe(true);
  });

  it('a grant revoked at ACO: one auth.lost, status Revoked, no further calls or alerts', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    await n.store.grants.put(tenant, issueGrant(fake));
    const keeper = keeperOf(n);
    await run(keeper, DAY, HOUR);
    fake.revokeUser(undefined, 'password changed');
    await run(keeper, 5 * DAY, HOUR);

    expect(types()).toEqual(['auth.lost']);
    expect(h.events[0]).toMatchObject({
      tenant,
      status: { state: 'revoked' },
      message: 'ACO answered the token refresh with invalid_grant (OAU-211).',
    });
    expect(refreshCalls()).toHaveLength(1);
    expect(await n.workflow.authStatus(tenant)).toMatchObject({ state: 'revoked' });
    expect(await n.store.grants.list()).toEqual([]);
  });

  it('rides out a 503 storm with Retry-After: no alert, no token loss, no call during Retry-After', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    await n.store.grants.put(tenant, issueGrant(fake));
    const keeper = keeperOf(n);
    fake.clock.advance(2 * DAY); // refresh due
    fake.failNext(8, { status: 503, retryAfter: 300 });
    await run(keeper, HOUR, MINUTE);

    const calls = refreshCalls();
    expect(calls.map((c) => c.status)).toEqual([503, 503, 503, 503, 503, 503, 503, 503, 200]);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(300_000);
    expect(h.events).toEqual([]);
    expect((await n.store.grants.get(tenant))?.tokens.refreshToken).toBe(fake.grants()[0]!.refreshToken);
    expect(fake.grants()[0]!.revokedAt).toBeUndefined();
    expect((await n.store.audit.list(tenant, 5)).map((e) => e.action)).toEqual(['auth.refreshed']);
  });

  it('honours a rate-limit penalty: one 429, then success once it is over', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    await n.store.grants.put(tenant, issueGrant(fake));
    const keeper = keeperOf(n);
    fake.clock.advance(2 * DAY);
    fake.rateLimit(120, { restartOnHit: true });
    await run(keeper, 5 * MINUTE, 10_000);

    // Any call during the penalty would have restarted it and shown up as a second 429.
    expect(refreshCalls().map((c) => c.status)).toEqual([429, 200]);
    expect(h.events).toEqual([]);
  });

  it('alerts once when transient failures persist past the threshold, keeping the tokens', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    const original = issueGrant(fake);
    await n.store.grants.put(tenant, original);
    const keeper = keeperOf(n);
    fake.clock.advance(2 * DAY);
    fake.failNext(10_000, { status: 503 });
    await run(keeper, 4 * HOUR, MINUTE);

    expect(types()).toEqual(['auth.expiring']);
    expect(h.events[0]).toMatchObject({
      tenant,
      refreshTokenExpiresAt: new Date(original.tokens.refreshTokenExpiresAt).toISOString(),
      message: expect.stringContaining('has failed since'),
    });
    // Backoff grew to its cap: far fewer calls than passes.
    expect(refreshCalls().length).toBeLessThan(30);
    expect((await n.store.grants.get(tenant))?.tokens.refreshToken).toBe(original.tokens.refreshToken);

    fake.clearFailures();
    await run(keeper, 20 * MINUTE, MINUTE);
    expect(fake.counts.refreshSucceeded).toBe(1);
    expect(await n.tokens.refreshHealth(tenant)).toBeUndefined();
    expect(types()).toEqual(['auth.expiring']);
  });

  it('warns early when the refresh token nears its end while refreshes fail, then reports the lapse once', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    const original = issueGrant(fake);
    await n.store.grants.put(tenant, original);
    const keeper = keeperOf(n);
    fake.clock.advance(2 * DAY);
    fake.failNext(100_000, { status: 503 });
    await run(keeper, 5 * DAY + HOUR, 30 * MINUTE);

    expect(types()).toEqual(['auth.expiring', 'auth.expiring', 'auth.lost']);
    const [persisting, warning, lost] = h.events;
    expect(persisting).toMatchObject({ message: expect.stringContaining('has failed since') });
    expect(warning).toMatchObject({
      refreshTokenExpiresAt: new Date(original.tokens.refreshTokenExpiresAt).toISOString(),
      message: expect.stringContaining('unless one succeeds'),
    });
    expect(lost).toMatchObject({ type: 'auth.lost', status: { state: 'expired' } });
    expect(await n.workflow.authStatus(tenant)).toMatchObject({ state: 'expired' });
  });

  it('two keepers on one Redis store refresh each due tenant exactly once', async () => {
    await setup('redis');
    const a = await h.node();
    const b = await h.node();
    const tenants = Array.from({ length: 6 }, uniqueTenant);
    for (const t of tenants) await a.store.grants.put(t, issueGrant(fake));
    fake.clock.advance(2 * DAY);
    const [ka, kb] = [keeperOf(a), keeperOf(b)];
    await Promise.all([ka.runOnce(), kb.runOnce(), ka.runOnce(), kb.runOnce()]);
    // A tenant busy in one keeper is skipped by the other; whatever was skipped is done on the next pass.
    await Promise.all([ka.runOnce(), kb.runOnce()]);
    expect(fake.counts.refresh).toBe(6);
    expect(fake.counts.refreshSucceeded).toBe(6);
    for (const t of tenants) expect((await b.store.grants.get(t))?.lastRefreshAt).toBeDefined();
  });

  it('stop() lets an in-flight refresh finish and store its tokens, then runs no more passes', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    await n.store.grants.put(tenant, issueGrant(fake));
    const keeper = keeperOf(n, { intervalMs: 10, firstPassDelayMs: 0 });
    fake.clock.advance(2 * DAY);
    fake.failNext(1, { delayMs: 500 });
    await keeper.start!();
    while (fake.counts.refresh === 0) await new Promise((r) => setTimeout(r, 5));
    await keeper.stop!();

    expect(fake.counts.refreshSucceeded).toBe(1);
    expect((await n.store.grants.get(tenant))?.tokens.refreshToken).toBe(fake.grants()[0]!.refreshToken);
    fake.clock.advance(3 * DAY);
    expect((await keeper.runOnce()).size).toBe(0);
    expect(fake.counts.refresh).toBe(1);
  });

  it('stop() also waits for a refresh that a request started, so the store closes after the tokens are stored', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    await n.store.grants.put(tenant, issueGrant(fake));
    const keeper = keeperOf(n);
    fake.clock.advance(2 * HOUR);
    fake.failNext(1, { delayMs: 500 });
    const demand = n.tokens.getAccessToken(tenant);
    while (fake.counts.token === 0) await new Promise((r) => setTimeout(r, 5));
    await keeper.stop!();
    const stored = await n.store.grants.get(tenant);
    expect(stored?.tokens.refreshToken).toBe(fake.grants()[0]!.refreshToken);
    expect((await demand).accessToken).toBe(stored!.tokens.accessToken);
  });

  it('runs by itself on its interval once started', async () => {
    await setup();
    const n = await h.node();
    const tenant = uniqueTenant();
    await n.store.grants.put(tenant, issueGrant(fake));
    const keeper = keeperOf(n, { intervalMs: 20, firstPassDelayMs: 0 });
    const refreshedTimes = async (times: number) => {
      while (
        (await n.store.grants.get(tenant))?.tokens.refreshToken !== fake.grants()[0]!.refreshToken ||
        fake.counts.refreshSucceeded < times
      ) {
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await keeper.start!();
    try {
      fake.clock.advance(2 * DAY);
      await refreshedTimes(1);
      fake.clock.advance(2 * DAY);
      await refreshedTimes(2);
    } finally {
      await keeper.stop!();
    }
    expect((await n.workflow.authStatus(tenant)).state).toBe('authenticated');
  });

  it('does nothing when ACO sign-in is not configured', async () => {
    await setup();
    const n = await h.node();
    await n.store.grants.put(uniqueTenant(), issueGrant(fake));
    const unconfigured = { ...gatewayFor(fake), configured: false } as unknown as AcoGateway;
    const keeper = keeperOf(n, { aco: unconfigured });
    fake.clock.advance(2 * DAY);
    expect((await keeper.runOnce()).size).toBe(0);
    expect(fake.counts.refresh).toBe(0);
  });
});
