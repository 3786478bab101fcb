import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loaded } from '../support/budgets.js';
import type { StoredGrant } from '../../src/core/types.js';
import { grantLockKey } from '../../src/core/lock-keys.js';
import { createLogger } from '../../src/log.js';
import { createStore, type StoreHandle } from '../../src/store/create-store.js';
import {
  FAKE_ACO_ADMIN,
  FAKE_ACO_CLIENT_ID,
  FAKE_ACO_CLIENT_SECRET,
  startFakeAco,
  type FakeAco,
} from '../support/fakes/aco-server.js';
import { CCAAS_KEY, dedicatedStore } from '../support/replicas/cluster.js';

/*
 * SIGTERM to the real entry point (`src/main.ts` in its own process) while a token refresh is in flight:
 * the request finishes, the rotated pair is stored, the lock is free, the process exits 0.
 */

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DAY = 86_400_000;

let fake: FakeAco;
let store: StoreHandle;
let storeUrl: string;
let release: (() => Promise<void>) | undefined;
const key = randomBytes(32).toString('base64');

beforeAll(async () => {
  const dedicated = await dedicatedStore('redis', 'unused');
  storeUrl = dedicated.url;
  release = dedicated.release;
  fake = await startFakeAco({});
  store = await createStore({ url: storeUrl, encryptionKey: key, logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await store?.close();
  await fake?.close();
  await release?.();
});

it(
  'SIGTERM during a refresh: the in-flight request completes, tokens are stored, the lock is released, exit 0',
  async () => {
    const tenant = `slack:T${randomBytes(5).toString('hex').toUpperCase()}`;
    const t = fake.issueTokens();
    const now = Date.now();
    // As if issued 2 days ago: the access token is long expired and the refresh token is due for the keeper too.
    const grant: StoredGrant = {
      tokens: {
        accessToken: t.access_token,
        refreshToken: t.refresh_token,
        accessTokenExpiresAt: now - 2 * DAY + 3_600_000,
        refreshTokenExpiresAt: now + 5 * DAY,
        tokenType: 'bearer',
      },
      user: { id: FAKE_ACO_ADMIN.id, name: FAKE_ACO_ADMIN.name, extensionNumber: FAKE_ACO_ADMIN.extensionNumber },
      since: new Date(now - 2 * DAY).toISOString(),
    };
    await store.grants.put(tenant, grant);
    await store.authStatus.put(tenant, { state: 'authenticated', user: grant.user, since: grant.since });
    fake.failNext(1, { delayMs: 1_500 }); // ACO is slow: the refresh is in flight when SIGTERM arrives

    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        PORT: '0',
        HOST: '127.0.0.1',
        STORE_URL: storeUrl,
        ENCRYPTION_KEY: key,
        ACO_SERVER_URL: fake.url,
        ACO_CLIENT_ID: FAKE_ACO_CLIENT_ID,
        ACO_CLIENT_SECRET: FAKE_ACO_CLIENT_SECRET,
        CCAAS_API_KEY: CCAAS_KEY,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (l) => {
        lines.push(l);
        const msg = (() => {
          try {
            return JSON.parse(l) as { msg?: string; url?: string };
          } catch {
            return {};
          }
        })();
        if (msg.msg === 'aco-connect listening' && msg.url) resolve(msg.url);
      });
      void exited.then((code) => reject(new Error(`main exited with ${code}:\n${lines.join('\n')}`)));
    });

    const demand = fetch(`${url}/api/v1/aco-token?tenant=${encodeURIComponent(tenant)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${CCAAS_KEY}` },
    });
    while (fake.counts.token === 0) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');

    const res = await demand;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accessToken: string };
    expect(await exited).toBe(0);

    const current = fake.grants().find((g) => g.accessToken === body.accessToken);
    expect(current).toBeDefined();
    expect(fake.counts.refresh).toBe(1);
    expect((await store.grants.get(tenant))?.tokens.refreshToken).toBe(current!.refreshToken);
    // The lock is free: taking it without waiting succeeds (a held Redis lease would last 30 s).
    await expect(store.locks.withLock(grantLockKey(tenant), async () => 'free', { waitMs: 200 })).resolves.toBe('free');
    expect(lines.some((l) => l.includes('shutting down'))).toBe(true);
    const log = lines.join('\n');
    for (const s of [
      t.access_token,
      t.refresh_token,
      current!.accessToken,
      current!.refreshToken,
      FAKE_ACO_CLIENT_SECRET,
    ]) {
      expect(log.includes(s)).toBe(false);
    }
  },
  loaded(60_000),
);
