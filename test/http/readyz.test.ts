import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/types.js';
import { authenticate } from '../support/app/authenticate.js';
import { startTestApp, type TestApp } from '../support/app/start-app.js';

/*
 * Issue 11, finding 2: with a wrong ENCRYPTION_KEY, /readyz said "ready" while every token read failed, and the
 * CCaaS API answered a bare {"error":"internal_error"}. Now readiness opens the stored sealed records and says
 * why it cannot (which key id is missing; never a key), and the API answers a problem document.
 */

const KEY = 'readyz-test-ccaas-key-0123456789abcdef';
const ACTOR: Actor = { id: 'U0READYZ1', name: 'Ada Admin', platform: 'slack' };
const TENANT = 'slack:T0READYZ';

describe('/readyz and the encryption key', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const t of apps.splice(0).reverse()) await t.close();
  });

  it('is not ready, with the reason, when ENCRYPTION_KEY cannot open the stored grants; the API answers a problem', async () => {
    const right = randomBytes(32).toString('base64');
    const wrong = randomBytes(32).toString('base64');
    const first = await startTestApp({ env: { ENCRYPTION_KEY: right, CCAAS_API_KEY: KEY } });
    apps.push(first);
    await authenticate(first, TENANT, ACTOR);
    const ok = await fetch(`${first.url}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ready', encryptionKey: { ok: true, checked: 1 } });
    await first.app.close();

    // The same data directory, another key (a replica deployed with the wrong secret).
    const second = await startTestApp({
      aco: first.aco,
      dataDir: first.dataDir,
      env: { ENCRYPTION_KEY: wrong, CCAAS_API_KEY: KEY },
    });
    apps.push(second);
    const res = await fetch(`${second.url}/readyz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      status: 'not_ready',
      encryptionKey: { ok: false, unreadable: 1, reason: expect.stringMatching(/ACO grant of slack:T0READYZ.*key id/) },
    });
    expect(text).not.toContain(right);
    expect(text).not.toContain(wrong);

    const api = await fetch(`${second.url}/api/v1/aco-token?tenant=${encodeURIComponent(TENANT)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}` },
    });
    expect(api.status).toBe(500);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await api.json()).toMatchObject({ status: 500, title: 'Stored data cannot be decrypted' });

    // Both keys, the right one among them: ready again, nothing lost.
    await second.app.close();
    const third = await startTestApp({
      aco: first.aco,
      dataDir: first.dataDir,
      env: { ENCRYPTION_KEY: `${wrong},${right}`, CCAAS_API_KEY: KEY },
    });
    apps.push(third);
    expect((await fetch(`${third.url}/readyz`)).status).toBe(200);
    const token = await fetch(`${third.url}/api/v1/aco-token?tenant=${encodeURIComponent(TENANT)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}` },
    });
    expect(token.status).toBe(200);
  });
});
