import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROCESS_READY_MS } from '../budgets.js';
import {
  connectFakeAco,
  FAKE_ACO_CLIENT_ID,
  FAKE_ACO_CLIENT_SECRET,
  FAKE_ACO_NON_ADMIN,
  FAKE_ACO_REDIRECT_URI,
  startFakeAco,
  type FakeAco,
  type FakeAcoOptions,
} from './aco-server.js';

/* Plain fetch against the fake: it must refuse what the platform refuses. */

const basic = (id = FAKE_ACO_CLIENT_ID, secret = FAKE_ACO_CLIENT_SECRET) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

function authorizeUrl(fake: FakeAco, over: Record<string, string | undefined> = {}, challenge = pkce().challenge) {
  const u = new URL('/restapi/oauth/authorize', fake.url);
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: FAKE_ACO_CLIENT_ID,
    redirect_uri: FAKE_ACO_REDIRECT_URI,
    state: 'st-123',
    brand_id: '6010',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...over,
  };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

async function getCode(fake: FakeAco, verifierChallenge = pkce()) {
  fake.setAutoApprove(true);
  const res = await fetch(authorizeUrl(fake, {}, verifierChallenge.challenge), { redirect: 'manual' });
  expect(res.status).toBe(302);
  const loc = new URL(res.headers.get('location')!);
  return { code: loc.searchParams.get('code')!, ...verifierChallenge };
}

async function token(fake: FakeAco, params: Record<string, string>, auth: string | null = basic()) {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (auth) headers.Authorization = auth;
  const res = await fetch(`${fake.url}/restapi/oauth/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(params),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

async function exchange(fake: FakeAco) {
  const { code, verifier } = await getCode(fake);
  const r = await token(fake, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: FAKE_ACO_REDIRECT_URI,
    code_verifier: verifier,
  });
  expect(r.status).toBe(200);
  return r.body as { access_token: string; refresh_token: string };
}

const refresh = (fake: FakeAco, rt: string) => token(fake, { grant_type: 'refresh_token', refresh_token: rt });

async function me(fake: FakeAco, accessToken: string, scheme = 'bearer') {
  const res = await fetch(`${fake.url}/restapi/v1.0/account/~/extension/~`, {
    headers: { Authorization: `${scheme} ${accessToken}` },
  });
  return { status: res.status, body: await res.json() };
}

let fake: FakeAco;
const start = async (o: FakeAcoOptions = {}) => {
  fake = await startFakeAco(o);
  return fake;
};
afterEach(async () => {
  await fake?.close();
});

describe('authorize', () => {
  beforeEach(() => start());

  it('shows a consent page with Authorize and Deny that redirect back with code or access_denied and the state', async () => {
    const page = await fetch(authorizeUrl(fake));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Authorize');
    expect(html).toContain('Deny');
    expect(html).toContain('Avaya Cloud Office');
    expect(fake.lastAuthorizeRequest).toMatchObject({ brandId: '6010', state: 'st-123', codeChallengeMethod: 'S256' });
    const requestId = /name="request_id" value="([^"]+)"/.exec(html)![1]!;

    const ok = await fetch(`${fake.url}/restapi/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ request_id: requestId, decision: 'authorize' }),
    });
    expect(ok.status).toBe(302);
    const loc = new URL(ok.headers.get('location')!);
    expect(loc.origin + loc.pathname).toBe(FAKE_ACO_REDIRECT_URI);
    expect(loc.searchParams.get('code')).toBeTruthy();
    expect(loc.searchParams.get('state')).toBe('st-123');

    // The request id is single use.
    const again = await fetch(`${fake.url}/restapi/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ request_id: requestId, decision: 'authorize' }),
    });
    expect(again.status).toBe(400);

    const html2 = await (await fetch(authorizeUrl(fake, { state: 'st-2' }))).text();
    const id2 = /name="request_id" value="([^"]+)"/.exec(html2)![1]!;
    const deny = await fetch(`${fake.url}/restapi/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ request_id: id2, decision: 'deny' }),
    });
    expect(deny.status).toBe(302);
    const dl = new URL(deny.headers.get('location')!);
    expect(dl.searchParams.get('error')).toBe('access_denied');
    expect(dl.searchParams.get('error_description')).toBeTruthy();
    expect(dl.searchParams.get('state')).toBe('st-2');
    expect(dl.searchParams.get('code')).toBeNull();
  });

  it('refuses an unknown client and a redirect URI that is not registered exactly (no redirect)', async () => {
    const r1 = await fetch(authorizeUrl(fake, { client_id: 'nope' }), { redirect: 'manual' });
    expect(r1.status).toBe(400);
    const r2 = await fetch(authorizeUrl(fake, { redirect_uri: `${FAKE_ACO_REDIRECT_URI}/` }), { redirect: 'manual' });
    expect(r2.status).toBe(400);
    const r3 = await fetch(authorizeUrl(fake, { redirect_uri: 'https://evil.example/cb' }), { redirect: 'manual' });
    expect(r3.status).toBe(400);
    expect(r3.headers.get('location')).toBeNull();
  });

  it('requires response_type=code and a S256 code challenge', async () => {
    for (const [over, error] of [
      [{ code_challenge_method: undefined }, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: undefined }, 'invalid_request'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
    ] as const) {
      const res = await fetch(authorizeUrl(fake, over), { redirect: 'manual' });
      expect(res.status).toBe(302);
      const loc = new URL(res.headers.get('location')!);
      expect(loc.searchParams.get('error')).toBe(error);
      expect(loc.searchParams.get('code')).toBeNull();
    }
  });

  it('auto-approves as the user set for the test', async () => {
    fake.signInAs(FAKE_ACO_NON_ADMIN.id);
    const t = await exchange(fake);
    const r = await me(fake, t.access_token);
    expect(r.body.permissions.admin.enabled).toBe(false);
    expect(r.body.extensionNumber).toBe('102');
    fake.setAdmin(true, FAKE_ACO_NON_ADMIN.id);
    expect((await me(fake, t.access_token)).body.permissions.admin.enabled).toBe(true);
  });
});

describe('token endpoint', () => {
  beforeEach(() => start({ refreshGraceMs: 0 }));

  it('answers like RingCentral for a good code exchange', async () => {
    const { code, verifier } = await getCode(fake);
    const r = await token(fake, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: FAKE_ACO_REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3600,
      refresh_token: expect.any(String),
      refresh_token_expires_in: 604800,
      scope: expect.stringContaining('VoipCalling'),
      owner_id: expect.any(String),
      endpoint_id: expect.any(String),
    });
    expect(fake.counts.authorizationCode).toBe(1);
  });

  it('refuses missing or wrong client credentials with 401 invalid_client', async () => {
    const { code, verifier } = await getCode(fake);
    const params = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: FAKE_ACO_REDIRECT_URI,
      code_verifier: verifier,
    };
    for (const auth of [
      null,
      basic(FAKE_ACO_CLIENT_ID, 'wrong'),
      basic('other', FAKE_ACO_CLIENT_SECRET),
      'Bearer xyz',
    ]) {
      const r = await token(fake, params, auth);
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('invalid_client');
      expect(r.body.errors[0].errorCode).toMatch(/^OAU-/);
    }
    // The code survived the failed attempts.
    expect((await token(fake, params)).status).toBe(200);
  });

  it('accepts each code once, only with its verifier and redirect URI, within 60 s', async () => {
    const a = await getCode(fake);
    const good = {
      grant_type: 'authorization_code',
      code: a.code,
      redirect_uri: FAKE_ACO_REDIRECT_URI,
      code_verifier: a.verifier,
    };
    const wrongVerifier = await token(fake, { ...good, code_verifier: pkce().verifier });
    expect(wrongVerifier.status).toBe(400);
    expect(wrongVerifier.body).toMatchObject({
      error: 'invalid_grant',
      errors: [{ errorCode: expect.stringMatching(/^OAU-/) }],
    });
    expect((await token(fake, { ...good, code_verifier: '' })).body.error).toBe('invalid_grant');
    expect((await token(fake, { ...good, redirect_uri: 'http://127.0.0.1:3000/other' })).body.error).toBe(
      'invalid_grant',
    );
    expect((await token(fake, good)).status).toBe(200);
    const reused = await token(fake, good);
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');

    const b = await getCode(fake);
    fake.clock.advance(61_000);
    const late = await token(fake, { ...good, code: b.code, code_verifier: b.verifier });
    expect(late.status).toBe(400);
    expect(late.body.error).toBe('invalid_grant');

    expect((await token(fake, { ...good, code: 'made-up' })).body.error).toBe('invalid_grant');
  });

  it('rotates refresh tokens, refuses a reused one (strict mode), and kills the old access token', async () => {
    const t1 = await exchange(fake);
    const r = await refresh(fake, t1.refresh_token);
    expect(r.status).toBe(200);
    expect(r.body.refresh_token).not.toBe(t1.refresh_token);
    expect(r.body.access_token).not.toBe(t1.access_token);
    const reused = await refresh(fake, t1.refresh_token);
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.any(String),
      errors: [{ errorCode: expect.stringMatching(/^OAU-/) }],
    });
    expect((await me(fake, t1.access_token)).status).toBe(401);
    expect((await me(fake, r.body.access_token)).status).toBe(200);
    expect(fake.refreshCount).toBe(2);
    expect(fake.counts.refreshSucceeded).toBe(1);
  });

  it('expires refresh tokens after 7 days unused (sliding on every refresh) and access tokens after 1 h', async () => {
    const t1 = await exchange(fake);
    fake.clock.advance(3600_000);
    const expired = await me(fake, t1.access_token);
    expect(expired.status).toBe(401);
    expect(JSON.stringify(expired.body)).toMatch(/expired/i);
    fake.clock.advance(6 * 86_400_000);
    const r = await refresh(fake, t1.refresh_token);
    expect(r.status).toBe(200);
    fake.clock.advance(604_800_000);
    const dead = await refresh(fake, r.body.refresh_token);
    expect(dead.status).toBe(400);
    expect(dead.body.error).toBe('invalid_grant');
  });

  it('revoke (Basic auth, token param) kills access and refresh token; so does a password change', async () => {
    const t = await exchange(fake);
    const unauth = await fetch(`${fake.url}/restapi/oauth/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: t.access_token }),
    });
    expect(unauth.status).toBe(401);
    const res = await fetch(`${fake.url}/restapi/oauth/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic() },
      body: new URLSearchParams({ token: t.access_token }),
    });
    expect(res.status).toBe(200);
    expect((await me(fake, t.access_token)).status).toBe(401);
    expect((await refresh(fake, t.refresh_token)).body.error).toBe('invalid_grant');

    const t2 = await exchange(fake);
    expect(fake.revokeUser()).toBe(1);
    expect((await me(fake, t2.access_token)).status).toBe(401);
    expect((await refresh(fake, t2.refresh_token)).body.error).toBe('invalid_grant');
  });
});

describe('refresh grace window (default 10 s)', () => {
  beforeEach(() => start());

  it('keeps the old refresh token alive until 10 s after the new access token is used; a reuse kills the sibling pair', async () => {
    const t1 = await exchange(fake);
    const a = (await refresh(fake, t1.refresh_token)).body;
    // Replica B refreshes with the same old token before A's new access token was used: accepted, A's pair dies.
    const b = await refresh(fake, t1.refresh_token);
    expect(b.status).toBe(200);
    expect((await me(fake, a.access_token)).status).toBe(401);
    expect((await refresh(fake, a.refresh_token)).body.error).toBe('invalid_grant');
    // B's access token is used; 10 s later the old refresh token is dead.
    expect((await me(fake, b.body.access_token)).status).toBe(200);
    fake.clock.advance(5_000);
    fake.clock.advance(5_001);
    expect((await refresh(fake, t1.refresh_token)).body.error).toBe('invalid_grant');
    expect((await refresh(fake, b.body.refresh_token)).status).toBe(200);
  });
});

describe('REST endpoints', () => {
  beforeEach(() => start());

  it('checks the bearer token with a case-insensitive scheme and answers the extension', async () => {
    const t = await exchange(fake);
    for (const scheme of ['bearer', 'Bearer', 'BEARER'])
      expect((await me(fake, t.access_token, scheme)).status).toBe(200);
    const r = await me(fake, t.access_token);
    expect(r.body).toMatchObject({
      id: 2468013579,
      extensionNumber: '101',
      name: 'Alice Admin',
      contact: { firstName: 'Alice', lastName: 'Admin', email: expect.any(String) },
      permissions: { admin: { enabled: true } },
      status: 'Enabled',
      account: { id: expect.anything() },
    });
    const bad = await me(fake, 'not-a-token');
    expect(bad.status).toBe(401);
    expect(bad.body.errors[0].errorCode).toBeTruthy();
    expect((await me(fake, t.access_token, 'Basic')).status).toBe(401);
    const none = await fetch(`${fake.url}/restapi/v1.0/account/~/extension/~`);
    expect(none.status).toBe(401);
  });

  it('provisions SIP info for transport UDP and refuses a bad body', async () => {
    const t = await exchange(fake);
    const post = (body: unknown) =>
      fetch(`${fake.url}/restapi/v1.0/client-info/sip-provision`, {
        method: 'POST',
        headers: { Authorization: `bearer ${t.access_token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await post({ sipInfo: [{ transport: 'UDP' }] });
    expect(ok.status).toBe(200);
    const json = await ok.json();
    expect(json.sipInfo[0]).toMatchObject({
      domain: 'sip.ringcentral.com',
      outboundProxy: 'sip10.ringcentral.com:5090',
      outboundProxyBackup: expect.any(String),
      transport: 'UDP',
    });
    expect((await post({})).status).toBe(400);
    expect((await post({ sipInfo: [{ transport: 'CARRIER-PIGEON' }] })).status).toBe(400);
  });
});

describe('injected failures', () => {
  beforeEach(() => start());

  it('answers the next N token calls with 503 / 429 (with or without Retry-After), then normally', async () => {
    const t = await exchange(fake);
    fake.failNext(1, { status: 503, retryAfter: 7 });
    const a = await refresh(fake, t.refresh_token);
    expect(a.status).toBe(503);
    expect(a.headers.get('retry-after')).toBe('7');
    fake.failNext(1, { status: 429, retryAfter: 45 });
    fake.failNext(1, { status: 429 });
    const b = await refresh(fake, t.refresh_token);
    expect(b.status).toBe(429);
    expect(b.headers.get('retry-after')).toBe('45');
    const c = await refresh(fake, t.refresh_token);
    expect(c.status).toBe(429);
    expect(c.headers.get('retry-after')).toBeNull();
    expect((await refresh(fake, t.refresh_token)).status).toBe(200);
    expect(fake.refreshCount).toBe(4);
    expect(fake.calls.filter((x) => x.injected).length).toBe(3);
  });

  it('delays, drops, and refuses connections', async () => {
    const t = await exchange(fake);
    fake.failNext(1, { delayMs: 300 });
    const t0 = Date.now();
    expect((await refresh(fake, t.refresh_token)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);

    fake.failNext(1, { drop: true });
    await expect(refresh(fake, 'whatever')).rejects.toThrow();

    await fake.refuseConnections();
    // A pooled keep-alive connection may first fail as a closed socket; a fresh connection is refused.
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 3 && codes.at(-1) !== 'ECONNREFUSED'; i++) {
      const err = await refresh(fake, 'whatever').then(
        () => undefined,
        (e: unknown) => e as Error & { cause?: { code?: string } },
      );
      expect(err).toBeInstanceOf(Error);
      codes.push(err?.cause?.code);
    }
    expect(codes.at(-1)).toBe('ECONNREFUSED');
    await fake.acceptConnections();
    expect((await refresh(fake, 'whatever')).status).toBe(400);
  });

  it('a rate-limit penalty restarts when called during it', async () => {
    fake.rateLimit(60);
    fake.clock.advance(50_000);
    const a = await refresh(fake, 'x');
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('60');
    fake.clock.advance(59_000);
    expect((await refresh(fake, 'x')).status).toBe(429);
    fake.clock.advance(61_000);
    expect((await refresh(fake, 'x')).status).toBe(400);
  });
});

describe('in a child process', () => {
  it('runs under tsx and is driven over HTTP', { timeout: PROCESS_READY_MS }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('./aco-server.ts', import.meta.url).pathname], {
      env: { ...process.env, FAKE_ACO_OPTIONS: JSON.stringify({ autoApprove: true }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (c) => reject(new Error(`exited ${c}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      const remote = connectFakeAco(url);
      const issued = await remote.issueTokens();
      expect(issued.token_type).toBe('bearer');
      await remote.advanceClock(3_600_000);
      const res = await fetch(`${url}/restapi/v1.0/account/~/extension/~`, {
        headers: { Authorization: `bearer ${issued.access_token}` },
      });
      expect(res.status).toBe(401);
      await remote.failNext(1, { status: 503 });
      const r = await fetch(`${url}/restapi/oauth/token`, { method: 'POST', headers: { Authorization: basic() } });
      expect(r.status).toBe(503);
      await remote.setSipInfo({ domain: 'sip.remote.test', outboundProxy: 'p.remote.test:5090' });
      const fresh = await remote.issueTokens();
      const sip = await fetch(`${url}/restapi/v1.0/client-info/sip-provision`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${fresh.access_token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ sipInfo: [{ transport: 'UDP' }] }),
      });
      expect((await sip.json()).sipInfo[0]).toMatchObject({ domain: 'sip.remote.test', transport: 'UDP' });
      const state = await remote.state();
      expect(state.counts.token).toBe(1);
      expect(state.grants).toHaveLength(2);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('sandbox additions (the playground)', () => {
  it('answers assigned roles: Super Admin for an admin by default, or the roles given', async () => {
    await start({
      users: [
        { ...FAKE_ACO_NON_ADMIN, id: '77', roles: [{ id: '4', displayName: 'Phone System Admin' }], admin: true },
      ],
    });
    const { access_token } = fake.issueTokens();
    const res = await fetch(`${fake.url}/restapi/v1.0/account/~/extension/~/assigned-role`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.uri).toMatch(/\/extension\/77\/assigned-role$/);
    expect(body.records).toEqual([expect.objectContaining({ id: '4', displayName: 'Phone System Admin' })]);
    expect(fake.counts.assignedRole).toBe(1);
    await fake.close();

    await start();
    const admin = fake.issueTokens();
    const roles = await (
      await fetch(`${fake.url}/restapi/v1.0/account/~/extension/~/assigned-role`, {
        headers: { Authorization: `Bearer ${admin.access_token}` },
      })
    ).json();
    expect(roles.records.map((r: { displayName: string }) => r.displayName)).toEqual(['Super Admin']);
    const anonymous = await fetch(`${fake.url}/restapi/v1.0/account/~/extension/~/assigned-role`);
    expect(anonymous.status).toBe(401);
  });

  it('hands out the configured SIP provisioning values', async () => {
    await start({ sipInfo: { domain: 'sip.example.test', outboundProxy: 'proxy.example.test:5090' } });
    const { access_token } = fake.issueTokens();
    const res = await fetch(`${fake.url}/restapi/v1.0/client-info/sip-provision`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sipInfo: [{ transport: 'UDP' }] }),
    });
    const body = await res.json();
    expect(body.sipInfo[0]).toMatchObject({ domain: 'sip.example.test', outboundProxy: 'proxy.example.test:5090' });
    expect(body.sipInfo[0].outboundProxyBackup).toBeUndefined();
  });

  it('lets the consent page pick the user who signs in, and shows its label', async () => {
    await start({ consent: { chooseUser: true, label: 'Simulated ACO' } });
    const { verifier, challenge } = pkce();
    const html = await (await fetch(authorizeUrl(fake, {}, challenge))).text();
    expect(html).toContain('Simulated ACO');
    expect(html).toContain('Bob User');
    expect(html).toContain('Super Admin');
    const requestId = /name="request_id" value="([^"]+)"/.exec(html)![1]!;
    const ok = await fetch(`${fake.url}/restapi/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ request_id: requestId, user_id: FAKE_ACO_NON_ADMIN.id, decision: 'authorize' }),
    });
    expect(ok.status).toBe(302);
    const code = new URL(ok.headers.get('location')!).searchParams.get('code')!;
    const r = await token(fake, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: FAKE_ACO_REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(r.status).toBe(200);
    const who = await me(fake, r.body.access_token);
    expect(who.body).toMatchObject({ name: 'Bob User', extensionNumber: '102' });
  });
});
