import { randomBytes } from 'node:crypto';
import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loaded } from '../support/budgets.js';
import type { CoreEvent } from '../../src/core/events.js';
import { FAKE_ACO_CLIENT_SECRET } from '../support/fakes/aco-server.js';
import {
  Cluster,
  dedicatedStore,
  startFakeAcoProcess,
  type FakeAcoProcess,
  type TokenAnswer,
} from '../support/replicas/cluster.js';

/*
 * Four real aco-connect processes on one store (Redis, then PostgreSQL) against one fake ACO process. Token
 * demands go through the CCaaS route POST /api/v1/aco-token, which uses AcoTokenService.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LEASE_MS = 5_000;
const REPLICAS = 4;

const storeUrlOf = (c: Cluster) => c.opts.storeUrl;
async function redisPttl(url: string, key: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    return await client.pTTL(key);
  } finally {
    await client.close();
  }
}

const tenantId = () => `slack:T${randomBytes(5).toString('hex').toUpperCase()}`;

describe.each([{ kind: 'redis' as const }, { kind: 'postgres' as const }])('replicas on $kind', ({ kind }) => {
  let fake: FakeAcoProcess;
  let cluster: Cluster;
  let release: (() => Promise<void>) | undefined;
  const handedOut = new Set<string>();

  beforeAll(async () => {
    const dedicated = await dedicatedStore(kind, 'aco_connect_replicas');
    release = dedicated.release;
    const storeUrl = dedicated.url;
    fake = await startFakeAcoProcess({});
    cluster = new Cluster({
      storeUrl,
      fake,
      size: REPLICAS,
      auth: {
        tokens: { lock: { leaseMs: LEASE_MS, waitMs: 30_000 }, refreshTimeoutMs: 4_000 },
        // Passes are driven by the test (one per clock step), not by the interval.
        keeper: { intervalMs: 3_600_000, firstPassDelayMs: 3_600_000 },
      },
    });
    await cluster.start();
  }, loaded(90_000));

  afterAll(async () => {
    await cluster?.stop();
    await fake?.close();
    await release?.();
    // No token the fake handed out, and not the client secret, in any replica's log.
    const logs = cluster.logs().join('\n');
    for (const secret of [...handedOut, ...cluster.issued, FAKE_ACO_CLIENT_SECRET]) {
      expect(logs.includes(secret), 'a secret reached a replica log').toBe(false);
    }
  }, loaded(60_000));

  beforeEach(async () => {
    await cluster.store.clear();
    await fake.remote.clearFailures();
    await fake.remote.resetCalls();
  });

  const remember = async () => {
    for (const g of (await fake.remote.state()).grants) {
      handedOut.add(g.accessToken);
      handedOut.add(g.refreshToken);
    }
  };
  const allEvents = (): Promise<CoreEvent[]> => cluster.allEvents();
  const eventsOf = async (tenant: string) => (await allEvents()).filter((e) => e.tenant === tenant);
  const refreshCalls = async () => (await fake.remote.state()).calls.filter((c) => c.grantType === 'refresh_token');
  const passOnAll = () => Promise.all(cluster.live().map((r) => cluster.keeperPass(r.index)));

  it(
    '50 concurrent demands over 4 replicas for an expired access token: one refresh, one token everywhere',
    async () => {
      const tenant = tenantId();
      const seeded = await cluster.seedGrant(tenant);
      await cluster.advance(2 * HOUR);

      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => cluster.token(i % REPLICAS, tenant)));
      await remember();
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
      const tokens = new Set(answers.map((a) => a.body.accessToken));
      expect(tokens.size).toBe(1);
      const [token] = [...tokens];
      expect(token).not.toBe(seeded.tokens.accessToken);

      const state = await fake.remote.state();
      expect(state.counts.refresh).toBe(1);
      expect(state.counts.refreshSucceeded).toBe(1);
      expect(state.calls.filter((c) => c.status >= 400)).toEqual([]);
      expect(state.grants.find((g) => g.accessToken === token)?.revokedAt).toBeUndefined();
      // Every process ends with the same token, from the store, without another refresh.
      for (const r of cluster.live()) expect((await cluster.token(r.index, tenant)).body.accessToken).toBe(token);
      expect((await cluster.store.grants.get(tenant))?.tokens.accessToken).toBe(token);
      expect((await fake.remote.state()).counts.refresh).toBe(1);
    },
    loaded(60_000),
  );

  it(
    'a replica killed while holding the lock: another completes the refresh after the lease',
    async () => {
      const tenant = tenantId();
      await cluster.seedGrant(tenant);
      await cluster.advance(2 * HOUR);
      // Replica 0's refresh reaches ACO and hangs there: it holds the grant lock when it dies.
      await fake.remote.failNext(1, { delayMs: 30_000, drop: true });
      const doomed = cluster.token(0, tenant).catch(() => undefined);
      while ((await fake.remote.state()).counts.token === 0) await new Promise((r) => setTimeout(r, 10));
      await cluster.kill(0);
      if (kind === 'redis') {
        // The dead holder's lease is still in force: nobody can refresh until it runs out.
        const ttl = await redisPttl(storeUrlOf(cluster), `aco:lock::grant:${tenant}`);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(LEASE_MS);
      }
      await doomed;

      const answers: TokenAnswer[] = await Promise.all([1, 2, 3, 1, 2, 3].map((i) => cluster.token(i, tenant)));
      await remember();
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
      expect(new Set(answers.map((a) => a.body.accessToken)).size).toBe(1);
      const calls = (await fake.remote.state()).calls.filter((c) => c.endpoint === 'token');
      expect(calls).toHaveLength(2);
      expect(calls[1]!.status).toBe(200);
      expect((await fake.remote.state()).counts.refreshSucceeded).toBe(1);

      await cluster.startReplica(0);
      expect((await cluster.token(0, tenant)).body.accessToken).toBe(answers[0]!.body.accessToken);
    },
    loaded(90_000),
  );

  it(
    '30 simulated idle days with a full restart half-way: authenticated throughout, refreshed every 2 days',
    async () => {
      const tenant = tenantId();
      await cluster.seedGrant(tenant);
      for (let step = 1; step <= 120; step++) {
        await cluster.advance(6 * HOUR);
        await passOnAll();
        if (step === 60) {
          for (const r of cluster.live()) await cluster.restart(r.index);
        }
      }
      await remember();
      const state = await fake.remote.state();
      expect(state.counts.refreshSucceeded).toBe(15);
      expect(state.calls.filter((c) => c.status >= 400)).toEqual([]);
      expect(await eventsOf(tenant)).toEqual([]);
      for (const r of cluster.live())
        expect(await cluster.status(r.index, tenant)).toMatchObject({ state: 'authenticated' });
      const answer = await cluster.token(1, tenant);
      expect(answer.status).toBe(200);
      await remember();
      expect((await fake.remote.state()).grants.find((g) => g.accessToken === answer.body.accessToken)).toBeDefined();
    },
    loaded(180_000),
  );

  it(
    'a grant revoked at ACO: one alert across all replicas, status Revoked everywhere',
    async () => {
      const tenant = tenantId();
      const seeded = await cluster.seedGrant(tenant);
      await cluster.advance(2 * HOUR);
      await fake.remote.revokeToken(seeded.tokens.refreshToken, 'password changed');
      const before = (await eventsOf(tenant)).length;

      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => cluster.token(i % REPLICAS, tenant)));
      await passOnAll();
      expect(answers.every((a) => a.status === 409)).toBe(true);
      const lost = (await eventsOf(tenant)).slice(before).filter((e) => e.type === 'auth.lost');
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatchObject({ status: { state: 'revoked' } });
      for (const r of cluster.live()) expect(await cluster.status(r.index, tenant)).toMatchObject({ state: 'revoked' });
      expect((await fake.remote.state()).counts.refresh).toBe(1);
      expect(await cluster.store.grants.get(tenant)).toBeUndefined();
    },
    loaded(60_000),
  );

  it(
    'a 503 storm with Retry-After, with replicas restarting in it: ridden out, no alert, no token loss',
    async () => {
      const tenant = tenantId();
      await cluster.seedGrant(tenant);
      await cluster.advance(2 * DAY);
      await fake.remote.failNext(6, { status: 503, retryAfter: 300 });
      for (let minute = 1; minute <= 45; minute++) {
        await cluster.advance(MINUTE);
        await passOnAll();
        if (minute === 12) await cluster.restart(2);
        if (minute === 13) await cluster.restart(3);
      }
      await remember();
      const calls = await refreshCalls();
      expect(calls.map((c) => c.status)).toEqual([503, 503, 503, 503, 503, 503, 200]);
      for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(300_000);
      expect(await eventsOf(tenant)).toEqual([]);
      for (const r of cluster.live())
        expect(await cluster.status(r.index, tenant)).toMatchObject({ state: 'authenticated' });
      expect((await cluster.token(0, tenant)).status).toBe(200);
    },
    loaded(120_000),
  );

  it(
    'refreshes failing until the refresh token nears its end: one early warning, kept across restarts',
    async () => {
      const tenant = tenantId();
      const seeded = await cluster.seedGrant(tenant);
      await cluster.advance(2 * DAY);
      await fake.remote.failNext(100_000, { status: 503 });
      for (let step = 1; step <= 9; step++) {
        await cluster.advance(8 * HOUR); // 2 days + 9 × 8 h: the refresh token has 2 days left at the end
        await passOnAll();
        if (step === 4) for (const r of cluster.live()) await cluster.restart(r.index);
      }
      await cluster.advance(HOUR);
      await passOnAll();
      await cluster.advance(HOUR);
      await passOnAll();
      // One alert when the failures had lasted an hour (before the restart), one warning when 2 days were left
      // (after it): the restarted replicas knew from the store that the first had gone out.
      const mine = await eventsOf(tenant);
      expect(mine.map((e) => e.type)).toEqual(['auth.expiring', 'auth.expiring']);
      expect(mine[0]).toMatchObject({ message: expect.stringContaining('has failed since') });
      expect(mine[1]).toMatchObject({
        refreshTokenExpiresAt: new Date(seeded.tokens.refreshTokenExpiresAt).toISOString(),
        message: expect.stringContaining('unless one succeeds'),
      });
      const grant = await cluster.store.grants.get(tenant);
      expect(grant?.tokens.refreshToken).toBe(seeded.tokens.refreshToken);
      const health = await cluster.store.records('auth-health').get(tenant);
      expect(health).toMatchObject({ alertedAt: expect.any(Number), warnedAt: expect.any(Number) });

      await fake.remote.clearFailures();
      await cluster.advance(20 * MINUTE);
      await passOnAll();
      expect((await cluster.store.grants.get(tenant))?.lastRefreshAt).toBeDefined();
      await remember();
    },
    loaded(120_000),
  );
});
