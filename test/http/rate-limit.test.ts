import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app/start-app.js';
import { POSTGRES_URL, REDIS_URL } from '../support/store/backends.js';

/*
 * Issue 11, finding 4: no rate limit anywhere (2,000 bad-key requests were all answered 401, each logged at
 * info). Per client address: the CCaaS API refuses an address after 10 refused keys in a minute, the OAuth
 * callback after 10 refused callbacks; 429 problem documents with Retry-After; one log line per offender per
 * window. On Redis and PostgreSQL the counters are shared by the replicas.
 */

const key = 'ccaas-key-rate-limit-0123456789';
const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function start(env: Record<string, string> = {}) {
  const t = await startTestApp({ env: { CCAAS_API_KEY: key, ...env } });
  apps.push(t);
  return t;
}

const settings = (t: TestApp, auth: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/api/v1/platform-settings?tenant=slack:T0RATE`, { headers: { authorization: auth, ...headers } });

const lines = (t: TestApp) => t.logs.map((l) => JSON.parse(l) as { level: number; msg: string; status?: number });

/** Sends requests one after another; the statuses. */
async function series(n: number, send: (i: number) => Promise<Response>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await send(i);
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

describe('rate limits per client address (SQLite: counted in memory)', () => {
  it('CCaaS API: after 10 refused keys the address gets 429 problem documents with Retry-After, even with a good key', async () => {
    const t = await start();
    const statuses = await series(14, () => settings(t, 'Bearer wrong-key-0123456789abcdef'));
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(11)).toEqual([429, 429, 429]);

    const res = await settings(t, `Bearer ${key}`);
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await res.json()).toMatchObject({ type: 'urn:aco-connect:problem:rate-limited', status: 429 });

    // One line when the address is first refused a key, one when it is first limited; none per request.
    const logged = lines(t);
    expect(logged.filter((l) => l.msg.startsWith('rate limit:'))).toHaveLength(1);
    expect(logged.filter((l) => l.msg.startsWith('request refused'))).toHaveLength(1);
    expect(logged.filter((l) => l.msg === 'CCaaS API request' && l.level >= 30 && l.status !== 200)).toEqual([]);
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('a good key is not limited by its own successes below the general limit', async () => {
    const t = await start();
    const statuses = await series(30, () => settings(t, `Bearer ${key}`));
    expect(statuses.every((s) => s === 404)).toBe(true);
  });

  it('OAuth callback: after 10 refused callbacks the address gets 429', async () => {
    const t = await start();
    const statuses = await series(13, (i) => fetch(`${t.url}/oauth/aco/callback?state=forged-${i}&code=x`));
    expect(statuses.slice(0, 10).every((s) => s >= 400 && s < 500 && s !== 429)).toBe(true);
    expect(statuses.slice(11)).toEqual([429, 429]);
  });

  it('TRUST_PROXY unset: X-Forwarded-For is not believed, so spoofed addresses do not escape the limit', async () => {
    const t = await start();
    const statuses = await series(13, (i) =>
      settings(t, 'Bearer wrong-key-0123456789abcdef', { 'X-Forwarded-For': `198.51.100.${i + 1}` }),
    );
    expect(statuses.slice(11)).toEqual([429, 429]);
  });

  it('TRUST_PROXY=loopback: the address a loopback proxy names is the client, each counted on its own', async () => {
    const t = await start({ TRUST_PROXY: 'loopback' });
    const statuses = await series(13, (i) =>
      settings(t, 'Bearer wrong-key-0123456789abcdef', { 'X-Forwarded-For': `198.51.100.${i + 1}` }),
    );
    expect(statuses).toEqual(Array(13).fill(401));
  });
});

describe.each([
  ['Redis', REDIS_URL],
  ['PostgreSQL', POSTGRES_URL],
])('rate limits shared by replicas on %s', (_name, url) => {
  it('refused keys on either replica count against the same address', async () => {
    // A key of this test's own: the counters are scoped by the store's key id, so other runs never meet them.
    const env = { STORE_URL: url, ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const [a, b] = [await start(env), await start(env)];
    const statuses = await series(14, (i) => settings(i % 2 ? b : a, 'Bearer wrong-key-0123456789abcdef'));
    // Per replica, each would allow 10: shared, the two together allow 10 (one more if a count was in flight).
    const refused = statuses.filter((s) => s === 401).length;
    expect(refused).toBeGreaterThanOrEqual(10);
    expect(refused).toBeLessThanOrEqual(11);
    expect(statuses.slice(12)).toEqual([429, 429]);
  });
});
