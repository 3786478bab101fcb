import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../src/core/events.js';
import type { Actor } from '../../src/core/types.js';
import { FAKE_ACO_CLIENT_SECRET, FAKE_ACO_NON_ADMIN } from '../support/fakes/aco-server.js';
import { approveConsent, startTestApp, type TestApp } from '../support/app/start-app.js';

const tenant = 'slack:T0001';
const admin: Actor = { platform: 'slack', id: 'U0001', name: 'Ada Admin' };
const form = { sipDomain: 'sip.ringcentral.com:5090', outboundProxy: 'sip10.ringcentral.com:5090', recording: 'no' };

let t: TestApp;
let events: CoreEvent[];
beforeEach(async () => {
  t = await startTestApp();
  events = [];
  t.app.events.on((e) => void events.push(e));
});
afterEach(async () => {
  await t?.close();
});

async function draftAndConsent() {
  const submitted = await t.app.workflow.submitForm(tenant, admin, form);
  if (!submitted.ok || submitted.next !== 'authenticate') throw new Error('expected authenticate');
  const begun = await t.app.workflow.beginAuthentication(tenant, admin, {
    draftId: submitted.draftId,
    context: { channel: 'D1', ts: '1.2' },
  });
  return { draftId: submitted.draftId, ...begun };
}

async function get(url: string) {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

describe('the pages the server renders cannot be framed (issue 11, finding 10)', () => {
  it("a refused callback page carries CSP frame-ancestors 'none' and X-Frame-Options DENY", async () => {
    const page = await get(`${t.url}/oauth/aco/callback?state=nope&code=x`);
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(page.headers.get('content-security-policy')).toMatch(/(^|;)\s*frame-ancestors 'none'\s*(;|$)/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('ACO OAuth round trip through the real SDK and the real callback', () => {
  it('authenticates, names the ACO user on the page, then confirms a draft as version 1', async () => {
    const { url, draftId } = await draftAndConsent();
    const consent = new URL(url);
    expect(consent.origin + consent.pathname).toBe(`${t.aco.url}/restapi/oauth/authorize`);
    expect(consent.searchParams.get('brand_id')).toBe('6010');
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(consent.searchParams.get('redirect_uri')).toBe(`${t.url}/oauth/aco/callback`);

    const page = await get(await approveConsent(url));
    expect(page.status).toBe(200);
    expect(page.html).toContain('Authenticated as Alice Admin (ext 101)');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.html).not.toMatch(/<script|<link|src=/i);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const status = await t.app.workflow.status(tenant);
    expect(status.auth.text).toMatch(/^Authenticated as Alice Admin \(ext 101, since \d{4}-\d\d-\d\d\)$/);
    const ev = events.find((e) => e.type === 'auth.succeeded');
    expect(ev).toMatchObject({ tenant, actor: admin, draftId, context: { channel: 'D1', ts: '1.2' } });

    const saved = await t.app.workflow.confirmDraft(tenant, admin, draftId);
    expect(saved).toMatchObject({ outcome: 'saved', replay: false, record: { version: 1, savedBy: admin } });
    expect((await t.app.workflow.history(tenant)).map((e) => e.action)).toEqual(['settings.saved', 'auth.succeeded']);
  });

  it('refuses a second use of the same state, even when both callbacks arrive at once', async () => {
    const { url } = await draftAndConsent();
    const callback = await approveConsent(url);
    const [a, b] = await Promise.all([get(callback), get(callback)]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const loser = a.status === 400 ? a : b;
    expect(loser.html).toContain('This sign-in link is no longer valid');
    expect(t.aco.counts.authorizationCode).toBe(1);
    const again = await get(callback);
    expect(again.status).toBe(400);
  });

  it('says so when the admin pressed Deny, and stores nothing', async () => {
    const { state } = await draftAndConsent();
    const page = await get(`${t.url}/oauth/aco/callback?error=access_denied&error_description=denied&state=${state}`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('Authorization was declined');
    expect(await t.app.store.grants.get(tenant)).toBeUndefined();
    expect(events.find((e) => e.type === 'auth.failed')).toMatchObject({
      reason: 'denied',
      context: { channel: 'D1', ts: '1.2' },
    });
  });

  it('refuses an unknown state and an expired one', async () => {
    const unknown = await get(`${t.url}/oauth/aco/callback?code=abc&state=nope`);
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('10 minutes');

    const { url } = await draftAndConsent();
    const callback = await approveConsent(url);
    t.aco.clock.advance(11 * 60_000);
    const expired = await get(callback);
    expect(expired.status).toBe(400);
    expect(expired.html).toContain('This sign-in link is no longer valid');
    expect(t.aco.counts.authorizationCode).toBe(0);
  });

  it('refuses a callback without a code', async () => {
    const { state } = await draftAndConsent();
    const page = await get(`${t.url}/oauth/aco/callback?state=${state}`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('ACO sent no authorization code');
  });

  it('refuses a code that ACO rejects (PKCE verifier of another sign-in)', async () => {
    const first = await draftAndConsent();
    const second = await draftAndConsent();
    const code = new URL(await approveConsent(first.url)).searchParams.get('code')!;
    const page = await get(`${t.url}/oauth/aco/callback?code=${encodeURIComponent(code)}&state=${second.state}`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('ACO refused the sign-in');
    expect(await t.app.store.grants.get(tenant)).toBeUndefined();
  });

  it('answers 502 with a retry hint when ACO cannot be reached, storing nothing', async () => {
    const { url } = await draftAndConsent();
    const callback = await approveConsent(url);
    await t.aco.refuseConnections();
    const page = await get(callback);
    expect(page.status).toBe(502);
    expect(page.html).toContain('Avaya Cloud Office could not be reached');
    expect(page.html).toContain('Wait a minute');
    expect(await t.app.store.grants.get(tenant)).toBeUndefined();
  });

  it('asks for a Super Admin when the user is not an ACO admin, and revokes what ACO issued', async () => {
    t.aco.signInAs(FAKE_ACO_NON_ADMIN);
    const { url } = await draftAndConsent();
    const page = await get(await approveConsent(url));
    expect(page.status).toBe(400);
    expect(page.html).toContain('An ACO Super Admin is needed');
    expect(page.html).toContain(`ext ${FAKE_ACO_NON_ADMIN.extensionNumber}`);
    expect(await t.app.store.grants.get(tenant)).toBeUndefined();
    expect(t.aco.grants().every((g) => g.revokedAt !== undefined)).toBe(true);
    expect((await t.app.workflow.status(tenant)).auth.text).toBe('Not authenticated');
  });

  it('escapes whatever ACO puts in the query', async () => {
    const { state } = await draftAndConsent();
    const page = await get(
      `${t.url}/oauth/aco/callback?error=${encodeURIComponent('<img src=x onerror=alert(1)>')}&state=${state}`,
    );
    expect(page.status).toBe(400);
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain('&lt;img');
  });

  it('keeps no token, client secret or code verifier in the raw store or the logs', async () => {
    const { url, state } = await draftAndConsent();
    await get(await approveConsent(url));
    const grant = t.aco.grants()[0]!;
    const files = await readdir(t.dataDir);
    const raw = (await Promise.all(files.map((f) => readFile(path.join(t.dataDir, f)))))
      .map((b) => b.toString('latin1'))
      .join('\n');
    const logs = t.logs.join('\n');
    for (const secret of [grant.accessToken, grant.refreshToken, FAKE_ACO_CLIENT_SECRET]) {
      expect(raw).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain(state);
    expect(raw.length).toBeGreaterThan(0);
  });

  it('keeps the PKCE verifier of a pending sign-in sealed in the raw store', async () => {
    const { state } = await draftAndConsent();
    const files = await readdir(t.dataDir);
    const raw = (await Promise.all(files.map((f) => readFile(path.join(t.dataDir, f)))))
      .map((b) => b.toString('latin1'))
      .join('\n');
    const pending = await t.app.store.states.take(state);
    expect(pending?.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(raw).toContain('oauth-states');
    expect(raw).not.toContain(pending!.codeVerifier);
    expect(t.logs.join('\n')).not.toContain(pending!.codeVerifier);
  });
});

describe('restart', () => {
  it('a new process on the same SQLite file keeps settings, drafts, states and tokens', async () => {
    const { url, draftId } = await draftAndConsent();
    await get(await approveConsent(url));
    await t.app.workflow.confirmDraft(tenant, admin, draftId);
    const second = await t.app.workflow.submitForm(tenant, admin, {
      ...form,
      recording: 'no',
      secondaryProxy: 'sip20.ringcentral.com:5090',
    });
    if (!second.ok) throw new Error('submit');
    const pending = await t.app.workflow.beginAuthentication(tenant, admin, { draftId: second.draftId });
    const { dataDir, aco } = t;
    await t.app.close();

    const again = await startTestApp({ dataDir, aco, port: t.app.port });
    try {
      const status = await again.app.workflow.status(tenant);
      expect(status.current?.version).toBe(1);
      expect(status.auth.authenticated).toBe(true);
      expect(await again.app.workflow.confirmView(tenant, second.draftId)).toMatchObject({ baseVersion: 1 });
      // The state (and its PKCE verifier) minted before the restart completes after it.
      const page = await get(await approveConsent(pending.url));
      expect(page.status).toBe(200);
      expect(await again.app.workflow.confirmDraft(tenant, admin, second.draftId)).toMatchObject({
        outcome: 'saved',
        record: { version: 2 },
      });
    } finally {
      await again.close();
    }
  });
});
