import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAuthStatus } from '../../../src/core/auth-status.js';
import type { Actor } from '../../../src/core/types.js';
import { approveConsent, startTestApp, type TestApp } from '../../support/app/start-app.js';
import { createOpenApiChecker } from '../../support/http/openapi-check.js';

const tenant = 'slack:T0001';
const admin: Actor = { platform: 'slack', id: 'U0001', name: 'Ada Admin' };
const form = {
  sipDomain: 'sip.ringcentral.com:5090',
  outboundProxy: 'sip10.ringcentral.com:5090',
  secondaryProxy: 'sip20.ringcentral.com:5090',
  recording: 'no',
};
const k1 = 'ccaas-key-one-0123456789';
const k2 = 'ccaas-key-two-0123456789';
const limited = 'ccaas-key-limited-0123456';
const MINUTE = 60_000;

let t: TestApp;
const openapi = createOpenApiChecker();

/** Authenticate through the real consent round trip and confirm version 1. */
async function connectAndSave(tenantId: string) {
  const submitted = await t.app.workflow.submitForm(tenantId, admin, form);
  if (!submitted.ok) throw new Error('form refused');
  const { url } = await t.app.workflow.beginAuthentication(tenantId, admin, { draftId: submitted.draftId });
  const page = await fetch(await approveConsent(url));
  if (page.status !== 200) throw new Error(`callback answered ${page.status}`);
  const saved = await t.app.workflow.confirmDraft(tenantId, admin, submitted.draftId);
  if (saved.outcome !== 'saved') throw new Error(saved.outcome);
}

/** Calls the API and checks the answer against the OpenAPI document before handing it to the test. */
async function call(
  method: 'GET' | 'POST',
  path: string,
  opts: { key?: string; auth?: string; tenant?: string | null } = {},
) {
  const url = new URL(path, t.url);
  const tenantParam = opts.tenant === undefined ? tenant : opts.tenant;
  if (tenantParam !== null) url.searchParams.set('tenant', tenantParam);
  const headers: Record<string, string> = {};
  if (opts.auth) headers.authorization = opts.auth;
  else if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  const res = await fetch(url, { method, headers });
  const { body, errors } = await openapi.check(path, method, res);
  expect(errors, `${method} ${path} → ${res.status} against openapi/ccaas.json`).toEqual([]);
  return { status: res.status, body, headers: res.headers };
}
const getSettings = (opts: Parameters<typeof call>[2] = {}) =>
  call('GET', '/api/v1/platform-settings', { key: k1, ...opts });
const postToken = (opts: Parameters<typeof call>[2] = {}) => call('POST', '/api/v1/aco-token', { key: k1, ...opts });

beforeAll(async () => {
  t = await startTestApp({ env: { CCAAS_API_KEY: `${k1}, ${k2}, ${limited}@${tenant}|teams:0f6e0000-aaaa` } });
  await connectAndSave(tenant);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/platform-settings', () => {
  it('answers the confirmed settings, version, who saved them and the API Auth Status, not cacheable', async () => {
    const res = await getSettings();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      tenant,
      version: 1,
      settings: {
        sipDomain: { host: 'sip.ringcentral.com', port: 5090 },
        outboundProxy: { host: 'sip10.ringcentral.com', port: 5090 },
        secondaryProxy: { host: 'sip20.ringcentral.com', port: 5090 },
        recording: false,
      },
      savedBy: admin,
      savedAt: expect.any(String),
      apiAuthStatus: {
        state: 'authenticated',
        text: expect.stringMatching(/^Authenticated as Alice Admin \(ext 101, since /),
        user: { id: expect.any(String), name: 'Alice Admin', extensionNumber: '101' },
        since: expect.any(String),
      },
    });
  });

  it('accepts every key of a rotation, and the scheme in any case', async () => {
    expect((await getSettings({ key: k2 })).status).toBe(200);
    expect((await getSettings({ auth: `bearer ${k1}` })).status).toBe(200);
    expect((await getSettings({ auth: `BEARER   ${k2}` })).status).toBe(200);
  });

  it('answers 401 the same way without a key, with a wrong key and with another scheme', async () => {
    const answers = [
      await getSettings({ key: undefined }),
      await getSettings({ key: `${k1}x` }),
      await getSettings({ key: k1.slice(0, -1) }),
      await getSettings({ auth: `Basic ${Buffer.from(`x:${k1}`).toString('base64')}` }),
      await getSettings({ auth: `Bearer ${k1} ${k2}` }),
    ];
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.headers.get('www-authenticate')).toBe('Bearer realm="aco-connect"');
      expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(a.body).toEqual(answers[0].body);
    }
    expect(answers[0].body).toMatchObject({
      type: 'urn:aco-connect:problem:unauthorized',
      status: 401,
      title: expect.any(String),
      detail: expect.any(String),
    });
  });

  it('lets a limited key read only its tenants', async () => {
    expect((await getSettings({ key: limited })).status).toBe(200);
    const other = await getSettings({ key: limited, tenant: 'slack:T0002' });
    expect(other.status).toBe(403);
    expect(other.body.type).toBe('urn:aco-connect:problem:tenant-not-allowed');
  });

  it('answers 404 for an unknown tenant and 400 for a missing or malformed one', async () => {
    const unknown = await getSettings({ tenant: 'slack:T0404' });
    expect(unknown).toMatchObject({
      status: 404,
      body: { type: 'urn:aco-connect:problem:unknown-tenant', status: 404 },
    });
    expect((await getSettings({ tenant: null })).status).toBe(400);
    expect((await getSettings({ tenant: 'T0001' })).status).toBe(400);
    expect((await getSettings({ tenant: 'slack:' })).status).toBe(400);
  });

  it('answers 400 for a tenant with a control character (issue 11, finding 5: PostgreSQL gave 500 on %00)', async () => {
    for (const bad of ['slack:T0001\u0000', 'slack:T0\u0007001', 'teams:abc\u007f', 'slack:T0001\u200b']) {
      const res = await getSettings({ tenant: bad });
      expect(res, JSON.stringify(bad)).toMatchObject({
        status: 400,
        body: { type: 'urn:aco-connect:problem:invalid-tenant' },
      });
    }
    expect(t.logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
  });
});

describe('POST /api/v1/aco-token', () => {
  it('hands out the current access token through the single refresher, refreshing it once when due', async () => {
    const first = await postToken();
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const grant = await t.app.store.grants.get(tenant);
    expect(first.body).toEqual({
      tenant,
      accessToken: grant!.tokens.accessToken,
      tokenType: 'bearer',
      expiresAt: new Date(grant!.tokens.accessTokenExpiresAt).toISOString(),
      expiresIn: expect.any(Number),
    });
    expect(JSON.stringify(first.body)).not.toContain(grant!.tokens.refreshToken);
    const refreshesBefore = t.aco.counts.refresh;

    // Inside the refresher's margin: several CCaaS calls at once cause one refresh at ACO.
    t.aco.clock.advance(57 * MINUTE);
    const answers = await Promise.all([postToken(), postToken(), postToken(), postToken({ key: k2 })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(t.aco.counts.refresh).toBe(refreshesBefore + 1);
    const tokens = new Set(answers.map((a) => a.body.accessToken));
    expect(tokens.size).toBe(1);
    const [fresh] = tokens;
    expect(fresh).not.toBe(first.body.accessToken);
    expect(t.aco.isAccessTokenValid(fresh)).toBe(true);
    expect(answers[0].body.expiresIn).toBeGreaterThan(55 * 60);
  });

  it('answers 503 with Retry-After when ACO cannot be reached and the token has run out', async () => {
    t.aco.clock.advance(61 * MINUTE);
    await t.aco.refuseConnections();
    try {
      const res = await postToken();
      expect(res.status).toBe(503);
      expect(res.body.type).toBe('urn:aco-connect:problem:aco-unreachable');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await t.aco.acceptConnections();
    }
  });

  it('answers 401, 403 and 404 like the read route', async () => {
    expect((await postToken({ key: 'not-a-key-of-ours-000000' })).status).toBe(401);
    expect((await postToken({ key: undefined })).status).toBe(401);
    expect((await postToken({ key: limited, tenant: 'slack:T0002' })).status).toBe(403);
    expect((await postToken({ tenant: 'teams:unknown-tenant' })).status).toBe(404);
  });
});

describe('after a disconnect', () => {
  it('still serves the settings (now "Not authenticated") and answers 409 for a token', async () => {
    await t.app.workflow.disconnect(tenant, admin);
    const settings = await getSettings();
    expect(settings.status).toBe(200);
    expect(settings.body.apiAuthStatus).toEqual({ state: 'not_authenticated', text: 'Not authenticated' });
    const token = await postToken();
    expect(token.status).toBe(409);
    expect(token.body).toMatchObject({ type: 'urn:aco-connect:problem:not-authenticated', status: 409 });
    expect(token.body.detail).toContain('Authenticate');
  });
});

describe('when ACO no longer accepts the authorization', () => {
  /** The 409 as the status views word it, from the verdict the token service recorded. */
  const notAuthenticatedDetail = async (tenantId: string) =>
    `${describeAuthStatus(await t.app.workflow.authStatus(tenantId)).replace(/\.$/, '')}. ` +
    `An administrator of ${tenantId} must press Authenticate in Slack or Teams (/aco-connect).`;

  it('answers 409 naming the revocation once the refresh is refused', async () => {
    const revoked = 'slack:T0003';
    await connectAndSave(revoked);
    const grant = await t.app.store.grants.get(revoked);
    expect(t.aco.revokeToken(grant!.tokens.refreshToken, 'password changed')).toBe(true);
    t.aco.clock.advance(61 * MINUTE);
    const res = await postToken({ tenant: revoked });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: 'urn:aco-connect:problem:not-authenticated', status: 409 });
    expect(res.body.detail).toMatch(/^Revoked /);
    expect(res.body.detail).toBe(await notAuthenticatedDetail(revoked));
    expect((await getSettings({ tenant: revoked })).body.apiAuthStatus.state).toBe('revoked');
  });

  it('answers 409 naming the lapse when the refresh token ran out unused', async () => {
    const lapsed = 'slack:T0004';
    await connectAndSave(lapsed);
    t.aco.clock.advance(8 * 24 * 60 * MINUTE);
    const res = await postToken({ tenant: lapsed });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/^Expired since /);
    expect(res.body.detail).toBe(await notAuthenticatedDetail(lapsed));
  });
});

describe('the API as a whole', () => {
  it('serves its OpenAPI 3.1 document with this server as the base URL', async () => {
    const res = await fetch(`${t.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: t.url }]);
    expect(Object.keys(doc.paths)).toEqual(Object.keys(openapi.doc.paths));
  });

  it('logs every request by key number and tenant, never a key or a token', async () => {
    const lines = t.logs.filter((l) => l.includes('CCaaS API request')).map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(20);
    expect(lines).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/v1/platform-settings', tenant, keyNumber: 1, status: 200 }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/api/v1/aco-token', keyNumber: 2, status: 200 }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ status: 401 }));
    const all = t.logs.join('\n');
    for (const secret of [k1, k2, limited, k1.slice(0, -1)]) expect(all).not.toContain(secret);
    for (const g of t.aco.grants()) {
      expect(all).not.toContain(g.accessToken);
      expect(all).not.toContain(g.refreshToken);
    }
  });
});

describe('without CCAAS_API_KEY', () => {
  it('the API is off', async () => {
    const off = await startTestApp();
    try {
      const res = await fetch(`${off.url}/api/v1/platform-settings?tenant=${tenant}`, {
        headers: { authorization: `Bearer ${k1}` },
      });
      expect(res.status).toBe(404);
      expect((await fetch(`${off.url}/api/v1/aco-token?tenant=${tenant}`, { method: 'POST' })).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
