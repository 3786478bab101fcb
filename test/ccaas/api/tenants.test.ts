import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/core/types.js';
import { approveConsent, startTestApp, type TestApp } from '../../support/app/start-app.js';
import { createOpenApiChecker } from '../../support/http/openapi-check.js';

const A = 'slack:T0A0001';
const B = 'slack:T0B0002';
const adminA: Actor = { platform: 'slack', id: 'UA1', name: 'Ada of A' };
const adminB: Actor = { platform: 'slack', id: 'UB1', name: 'Bob of B' };
const form = (recording: 'yes' | 'no') => ({
  sipDomain: 'sip.ringcentral.com:5090',
  outboundProxy: 'sip10.ringcentral.com:5090',
  secondaryProxy: '',
  recording,
});
const operator = 'ccaas-operator-key-0123456';
const onlyA = `ccaas-key-of-a-only-012345`;

let t: TestApp;
const openapi = createOpenApiChecker();

/** Calls the API and checks the answer against openapi/ccaas.json (documented status, headers and body). */
async function call(
  method: 'GET' | 'PUT',
  template: string,
  opts: {
    key?: string;
    tenant?: string;
    query?: Record<string, string | undefined>;
    body?: string;
    type?: string;
  } = {},
) {
  const path = template.replace('{tenant}', encodeURIComponent(opts.tenant ?? ''));
  const url = new URL(path, t.url);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined) headers['content-type'] = opts.type ?? 'application/json';
  const res = await fetch(url, { method, headers, ...(opts.body !== undefined ? { body: opts.body } : {}) });
  const { body, errors } = await openapi.check(template, method, res);
  expect(errors, `${method} ${template} → ${res.status} against openapi/ccaas.json`).toEqual([]);
  return { status: res.status, body, headers: res.headers };
}
const license = (tenant: string, recordingLicensed: unknown, key = operator) =>
  call('PUT', '/api/v1/tenants/{tenant}/entitlements', {
    key,
    tenant,
    body: JSON.stringify({ recordingLicensed }),
  });
const list = (key = operator, query: Record<string, string | undefined> = {}) =>
  call('GET', '/api/v1/tenants', { key, query });

async function signIn(tenant: string, admin: Actor, draftId: string) {
  const { url } = await t.app.workflow.beginAuthentication(tenant, admin, { draftId });
  const page = await fetch(await approveConsent(url));
  if (page.status !== 200) throw new Error(`callback answered ${page.status}`);
}

beforeAll(async () => {
  t = await startTestApp({ env: { CCAAS_API_KEY: `${operator}, ${onlyA}@${A}`, RECORDING_LICENSED: 'false' } });
});
afterAll(async () => {
  await t?.close();
});

describe('recording license per tenant', () => {
  it('is the deployment default (RECORDING_LICENSED) for a tenant never set', async () => {
    expect((await t.app.workflow.openForm(A)).recordingLicensed).toBe(false);
    const refused = await t.app.workflow.submitForm(A, adminA, form('yes'));
    expect(refused.ok).toBe(false);
  });

  it('set by the operator for A only: A may record, B still may not', async () => {
    const res = await license(A, true);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      tenant: A,
      version: null,
      entitlements: { recordingLicensed: true, source: 'tenant' },
    });

    expect((await t.app.workflow.openForm(A)).recordingLicensed).toBe(true);
    expect((await t.app.workflow.status(A)).recordingLicensed).toBe(true);
    expect((await t.app.workflow.openForm(B)).recordingLicensed).toBe(false);
    expect((await t.app.workflow.status(B)).recordingLicensed).toBe(false);
    expect((await t.app.workflow.validateForm(A, form('yes'))).ok).toBe(true);
    const inB = await t.app.workflow.validateForm(B, form('yes'));
    expect(inB.ok).toBe(false);
    if (!inB.ok) expect(inB.errors.recording).toMatch(/license/);

    const submitted = await t.app.workflow.submitForm(A, adminA, form('yes'));
    if (!submitted.ok) throw new Error('A was refused');
    await signIn(A, adminA, submitted.draftId);
    const saved = await t.app.workflow.confirmDraft(A, adminA, submitted.draftId);
    expect(saved.outcome).toBe('saved');
  });

  it('withdrawn before OK: Confirm Changes refuses a change that turns recording on, and saves nothing', async () => {
    const off = await t.app.workflow.submitForm(A, adminA, form('no'));
    if (!off.ok) throw new Error('refused');
    expect((await t.app.workflow.confirmDraft(A, adminA, off.draftId)).outcome).toBe('saved');
    const on = await t.app.workflow.submitForm(A, adminA, form('yes'));
    if (!on.ok) throw new Error('refused');
    expect((await license(A, false)).body.entitlements).toEqual({ recordingLicensed: false, source: 'tenant' });
    const refused = await t.app.workflow.confirmDraft(A, adminA, on.draftId);
    expect(refused).toEqual({ outcome: 'not_licensed', draftId: on.draftId });
    expect((await t.app.store.settings.get(A))?.settings.recording).toBe(false);
    expect((await license(A, true)).status).toBe(200);
  });

  it('a key limited to A gets 403 for B before anything is read or written, whatever the body', async () => {
    for (const body of [JSON.stringify({ recordingLicensed: true }), '{not json', '']) {
      const res = await call('PUT', '/api/v1/tenants/{tenant}/entitlements', { key: onlyA, tenant: B, body });
      expect(res.status).toBe(403);
      expect(res.body.type).toBe('urn:aco-connect:problem:tenant-not-allowed');
    }
    expect(await t.app.store.tenants.getEntitlements(B)).toBeUndefined();
    expect((await license(A, true, onlyA)).status).toBe(200);
  });

  it('answers 400 for a malformed body or tenant and 401 without a key; no error is logged', async () => {
    for (const body of ['{not json', '[]', '{"recordingLicensed":"yes"}', '{"recordingLicensed":true,"x":1}']) {
      const res = await call('PUT', '/api/v1/tenants/{tenant}/entitlements', { key: operator, tenant: A, body });
      expect(res.status, body).toBe(400);
      expect(res.body.type).toBe('urn:aco-connect:problem:invalid-body');
    }
    const text = await call('PUT', '/api/v1/tenants/{tenant}/entitlements', {
      key: operator,
      tenant: A,
      body: 'recordingLicensed=true',
      type: 'application/x-www-form-urlencoded',
    });
    expect(text.status).toBe(400);
    expect((await license('T0A0001', true)).status).toBe(400);
    expect((await license('slack:T0\u0000', true)).status).toBe(400);
    expect((await license(A, true, 'not-our-key-000000000000')).status).toBe(401);
    expect(t.logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
  });
});

describe('GET /api/v1/tenants', () => {
  it('lists the tenants in the order first seen, with version, status and license; a limited key sees its own', async () => {
    const draftB = await t.app.workflow.submitForm(B, adminB, form('no'));
    expect(draftB.ok).toBe(true);

    const all = await list();
    expect(all.status).toBe(200);
    expect(all.headers.get('cache-control')).toBe('no-store');
    expect(all.body.nextCursor).toBeUndefined();
    expect(all.body.tenants).toEqual([
      {
        tenant: A,
        version: 2,
        apiAuthStatus: expect.objectContaining({ state: 'authenticated' }),
        entitlements: { recordingLicensed: true, source: 'tenant' },
      },
      {
        tenant: B,
        version: null,
        apiAuthStatus: { state: 'not_authenticated', text: expect.any(String) },
        entitlements: { recordingLicensed: false, source: 'default' },
      },
    ]);

    const mine = await list(onlyA);
    expect(mine.body.tenants.map((x: { tenant: string }) => x.tenant)).toEqual([A]);
  });

  it('pages with limit and cursor; a new tenant appears after the last cursor', async () => {
    const first = await list(operator, { limit: '1' });
    expect(first.body.tenants.map((x: { tenant: string }) => x.tenant)).toEqual([A]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list(operator, { limit: '1', cursor: first.body.nextCursor });
    expect(second.body.tenants.map((x: { tenant: string }) => x.tenant)).toEqual([B]);
    expect(second.body.nextCursor).toBeUndefined();

    // A reader that keeps its cursor finds the next new tenant there.
    await license('teams:0f6e0000-cccc', false);
    const again = await list(operator, { cursor: first.body.nextCursor });
    expect(again.body.tenants.map((x: { tenant: string }) => x.tenant)).toEqual([B, 'teams:0f6e0000-cccc']);
  });

  it('answers 400 for a bad limit or cursor, 401 without a key', async () => {
    for (const query of [{ limit: '0' }, { limit: '201' }, { limit: 'x' }, { cursor: 'nope!' }, { cursor: 'cXg' }]) {
      const res = await list(operator, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.type).toBe('urn:aco-connect:problem:invalid-parameter');
    }
    expect((await call('GET', '/api/v1/tenants', {})).status).toBe(401);
  });
});
