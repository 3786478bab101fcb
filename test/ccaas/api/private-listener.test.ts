import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/app/start-app.js';
import { commandFields } from '../../support/slack/payloads.js';
import { SlackTestApp, USERS } from '../../support/slack/slack-app.js';

/*
 * CCAAS_API_PORT: the CCaaS API (the ACO token endpoint above all) on its own loopback listener, while Slack
 * stays on the public one (HOST=0.0.0.0), which answers 404 for /api/v1/*.
 */

const KEY = 'private-listener-key-0123456789abcdef';
const auth = { Authorization: `Bearer ${KEY}` };

/** A non-loopback IPv4 address of this machine, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe('the CCaaS API on its own listener (CCAAS_API_PORT)', () => {
  let s: SlackTestApp;
  let apiPort: number;
  beforeAll(async () => {
    apiPort = await freePort();
    s = await SlackTestApp.start({
      env: { HOST: '0.0.0.0', CCAAS_API_KEY: KEY, CCAAS_API_PORT: String(apiPort) },
    });
  });
  afterAll(async () => s?.close());

  it('serves the token endpoint on loopback, and the public port answers 404 for it', async () => {
    expect(s.app.apiUrl).toBe(`http://127.0.0.1:${apiPort}`);
    const onApi = await fetch(`${s.app.apiUrl}/api/v1/aco-token?tenant=slack:T0NOBODY`, {
      method: 'POST',
      headers: auth,
    });
    // The API answers there: nothing is known about this tenant.
    expect(onApi.status).toBe(404);
    expect(onApi.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const noKey = await fetch(`${s.app.apiUrl}/api/v1/aco-token?tenant=slack:T0NOBODY`, { method: 'POST' });
    expect(noKey.status).toBe(401);

    for (const [method, path] of [
      ['POST', '/api/v1/aco-token?tenant=slack:T0NOBODY'],
      ['GET', '/api/v1/platform-settings?tenant=slack:T0NOBODY'],
      ['GET', '/api/v1/openapi.json'],
    ] as const) {
      const res = await fetch(`${s.app.url}${path}`, { method, headers: auth });
      expect([path, res.status]).toEqual([path, 404]);
      expect(await res.json()).toEqual({ error: 'not_found' });
    }
    // The OpenAPI document names the private listener as its server.
    const doc = await (await fetch(`${s.app.apiUrl}/api/v1/openapi.json`)).json();
    expect(doc.servers).toEqual([{ url: `http://127.0.0.1:${apiPort}` }]);
  });

  it('keeps Slack on the public listener, and only the API on the private one', async () => {
    const ack = await s.requester.command(commandFields(s.slack, USERS.admin));
    expect(ack.status).toBe(200);
    const onApi = await fetch(`${s.app.apiUrl}/slack/events`, { method: 'POST', body: 'x=1' });
    expect(onApi.status).toBe(404);
    expect(s.logs.join('\n')).toContain('CCaaS API listening on its own listener (not on the public one)');
  });

  it.skipIf(!outsideAddress)('is not reachable on a non-loopback address of this machine', async () => {
    const publicPort = new URL(s.app.url).port;
    expect((await fetch(`http://${outsideAddress}:${publicPort}/healthz`)).status).toBe(200);
    const refused = await fetch(`http://${outsideAddress}:${apiPort}/api/v1/openapi.json`).then(
      () => 'connected',
      (err: Error) => (err.cause as { code?: string } | undefined)?.code ?? err.message,
    );
    expect(refused).toBe('ECONNREFUSED');
  });
});
