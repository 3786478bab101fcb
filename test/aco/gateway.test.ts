import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RingCentralAcoGateway, type RingCentralAcoGatewayOptions } from '../../src/aco/gateway.js';
import { AcoError } from '../../src/core/ports.js';
import type { AcoTokens } from '../../src/core/types.js';
import {
  FAKE_ACO_ADMIN,
  FAKE_ACO_CLIENT_ID,
  FAKE_ACO_CLIENT_SECRET,
  FAKE_ACO_NON_ADMIN,
  FAKE_ACO_PHONE_ADMIN,
  FAKE_ACO_REDIRECT_URI,
  FAKE_SIP_INFO_NO_BACKUP,
  STANDARD_ROLE,
  SUPER_ADMIN_ROLE,
  startFakeAco,
  type FakeAco,
  type FakeAcoOptions,
} from '../support/fakes/aco-server.js';

/* The real @ringcentral/sdk against the fake ACO server. */

let fake: FakeAco;
let gw: RingCentralAcoGateway;

async function setup(fakeOpts: FakeAcoOptions = {}, gwOpts: Partial<RingCentralAcoGatewayOptions> = {}) {
  fake = await startFakeAco({ autoApprove: true, ...fakeOpts });
  gw = gateway(gwOpts);
}

const gateway = (o: Partial<RingCentralAcoGatewayOptions> = {}) =>
  new RingCentralAcoGateway({
    serverUrl: fake.url,
    clientId: FAKE_ACO_CLIENT_ID,
    clientSecret: FAKE_ACO_CLIENT_SECRET,
    redirectUri: FAKE_ACO_REDIRECT_URI,
    brandId: '6010',
    timeoutMs: 2_000,
    clock: fake.clock,
    ...o,
  });

/** Follows the consent URL as a browser would with auto-approve on, and takes the code from the redirect. */
async function consent(state = 'state-1') {
  const { url, codeVerifier } = gw.consentUrl(state);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(location.searchParams.get('state')).toBe(state);
  return { code: location.searchParams.get('code')!, codeVerifier };
}

async function signIn(): Promise<AcoTokens> {
  const { code, codeVerifier } = await consent();
  return gw.exchangeCode(code, codeVerifier);
}

async function failure(p: Promise<unknown>): Promise<AcoError> {
  const e = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AcoError);
  return e as AcoError;
}

function expectNoSecrets(err: unknown, secrets: string[]) {
  const texts = [String(err), JSON.stringify(err), (err as Error).message, (err as Error).stack ?? ''];
  for (const s of [...secrets, FAKE_ACO_CLIENT_SECRET]) {
    for (const t of texts) expect(t).not.toContain(s);
  }
}

const tokenSecrets = (t: AcoTokens) => [t.accessToken, t.refreshToken];

const defaultClient = () => ({
  clientId: FAKE_ACO_CLIENT_ID,
  clientSecret: FAKE_ACO_CLIENT_SECRET,
  redirectUris: [FAKE_ACO_REDIRECT_URI],
});

afterEach(async () => {
  await fake?.close();
});

describe('RingCentralAcoGateway', () => {
  beforeEach(() => setup());

  it('is not configured without client id and secret', () => {
    expect(gw.configured).toBe(true);
    const bare = gateway({ clientId: undefined, clientSecret: undefined });
    expect(bare.configured).toBe(false);
    expect(gateway({ clientSecret: '' }).configured).toBe(false);
    expect(() => bare.consentUrl('s')).toThrow(AcoError);
  });

  it('builds a consent URL with brand, PKCE S256, redirect URI and state; a new verifier per call', () => {
    const a = gw.consentUrl('state-a');
    const b = gw.consentUrl('state-b');
    const u = new URL(a.url);
    expect(u.origin + u.pathname).toBe(`${fake.url}/restapi/oauth/authorize`);
    expect(u.searchParams.get('response_type')).toBe('code');
    expect(u.searchParams.get('client_id')).toBe(FAKE_ACO_CLIENT_ID);
    expect(u.searchParams.get('redirect_uri')).toBe(FAKE_ACO_REDIRECT_URI);
    expect(u.searchParams.get('state')).toBe('state-a');
    expect(u.searchParams.get('brand_id')).toBe('6010');
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
    expect(u.searchParams.get('code_challenge')).toBe(createHash('sha256').update(a.codeVerifier).digest('base64url'));
    expect(a.codeVerifier).not.toBe(b.codeVerifier);
    expect(new URL(b.url).searchParams.get('code_challenge')).toBe(
      createHash('sha256').update(b.codeVerifier).digest('base64url'),
    );
  });

  it('exchanges a code for tokens with expiries on the injected clock, and tells who signed in', async () => {
    const before = fake.clock.now();
    const tokens = await signIn();
    expect(fake.lastAuthorizeRequest?.brandId).toBe('6010');
    expect(tokens.tokenType.toLowerCase()).toBe('bearer');
    expect(tokens.accessTokenExpiresAt).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(tokens.accessTokenExpiresAt).toBeLessThanOrEqual(fake.clock.now() + 3600_000);
    expect(tokens.refreshTokenExpiresAt).toBeGreaterThanOrEqual(before + 604_800_000 - 1000);
    expect(tokens.ownerId).toBe('2468013579');
    expect(fake.isAccessTokenValid(tokens.accessToken)).toBe(true);
    const call = fake.calls.find((c) => c.endpoint === 'token')!;
    expect(call.authorization).toMatch(/^Basic /);

    expect(await gw.whoAmI(tokens)).toEqual({
      id: '2468013579',
      name: 'Alice Admin',
      extensionNumber: '101',
      admin: true,
    });
    expect(fake.calls.find((c) => c.endpoint === 'extension')?.authorization).toMatch(/^bearer /);
  });

  it('tells a non-admin apart', async () => {
    fake.signInAs(FAKE_ACO_NON_ADMIN.id);
    const tokens = await signIn();
    expect(await gw.whoAmI(tokens)).toEqual({
      id: FAKE_ACO_NON_ADMIN.id,
      name: 'Bob User',
      extensionNumber: '102',
      admin: false,
    });
  });

  it('refuses a wrong verifier, a reused code and a wrong client secret, without leaking them', async () => {
    const { code, codeVerifier } = await consent();
    const other = gw.consentUrl('other').codeVerifier;
    const wrong = await failure(gw.exchangeCode(code, other));
    expect(['rejected', 'invalid_grant']).toContain(wrong.kind);
    expect(wrong.details.status).toBe(400);
    expectNoSecrets(wrong, [code, other, codeVerifier]);

    const tokens = await gw.exchangeCode(code, codeVerifier);
    const reused = await failure(gw.exchangeCode(code, codeVerifier));
    expect(reused.kind).toBe('invalid_grant');
    expectNoSecrets(reused, [code, codeVerifier, ...tokenSecrets(tokens)]);

    const badSecret = 'definitely-not-the-secret';
    const second = await consent();
    const rejected = await failure(gateway({ clientSecret: badSecret }).exchangeCode(second.code, second.codeVerifier));
    expect(rejected.kind).toBe('rejected');
    expect(rejected.details.status).toBe(401);
    expectNoSecrets(rejected, [badSecret, second.code, second.codeVerifier]);
  });

  it('refreshes: a rotated pair, the nominal TTLs asked for, no auto refresh anywhere else', async () => {
    const t1 = await signIn();
    fake.clock.advance(30 * 60_000);
    const t2 = await gw.refresh(t1);
    expect(t2.accessToken).not.toBe(t1.accessToken);
    expect(t2.refreshToken).not.toBe(t1.refreshToken);
    expect(t2.accessTokenExpiresAt).toBeGreaterThan(t1.accessTokenExpiresAt + 29 * 60_000);
    const call = fake.calls.filter((c) => c.grantType === 'refresh_token').at(-1)!;
    expect(call.params).toMatchObject({ access_token_ttl: '3600', refresh_token_ttl: '604800' });
    expect(fake.refreshCount).toBe(1);
    expect((await gw.whoAmI(t2)).id).toBe('2468013579');
    expect(fake.refreshCount).toBe(1);
  });

  it('whoAmI with an expired access token fails clearly instead of refreshing', async () => {
    const t = await signIn();
    fake.clock.advance(3600_000 + 1);
    const e = await failure(gw.whoAmI(t));
    expect(e.kind).toBe('invalid_grant');
    expect(e.details.errorCode).toBe('TokenExpired');
    expect(e.message).toMatch(/refresh/i);
    expect(fake.refreshCount).toBe(0);
    expect(fake.counts.extension).toBe(0);

    // When only ACO knows the token is dead (its clock ahead of ours), its 401 comes back, still no refresh.
    const t2 = await signIn();
    fake.clock.advance(3600_000 + 1);
    const slow = gateway({ clock: { now: () => fake.clock.now() - 2 * 3600_000 } });
    const e2 = await failure(slow.whoAmI(t2));
    expect(e2.kind).toBe('invalid_grant');
    expect(e2.details.status).toBe(401);
    expect(fake.refreshCount).toBe(0);
    expectNoSecrets(e2, tokenSecrets(t2));
  });

  it('an expired refresh token, and a grant revoked at ACO (password change), need re-authentication', async () => {
    const t = await signIn();
    fake.clock.advance(8 * 86_400_000);
    const e = await failure(gw.refresh(t));
    expect(e.kind).toBe('invalid_grant');
    expect(e.details.status).toBe(400);
    expectNoSecrets(e, tokenSecrets(t));

    fake.clock.advance(-8 * 86_400_000);
    const t2 = await signIn();
    fake.revokeUser();
    expect((await failure(gw.whoAmI(t2))).kind).toBe('invalid_grant');
    expect((await failure(gw.refresh(t2))).kind).toBe('invalid_grant');
  });

  it('revoke ends the grant (by access token, or by refresh token once the access token expired)', async () => {
    const t = await signIn();
    await gw.revoke(t);
    expect(fake.calls.at(-1)).toMatchObject({ endpoint: 'revoke', status: 200 });
    expect(fake.calls.at(-1)?.params?.token).toBe(t.accessToken);
    const e = await failure(gw.whoAmI(t));
    expect(e.kind).toBe('invalid_grant');
    expectNoSecrets(e, tokenSecrets(t));
    expect((await failure(gw.refresh(t))).kind).toBe('invalid_grant');

    const t2 = await signIn();
    fake.clock.advance(3600_000 + 1);
    await gw.revoke(t2);
    expect(fake.calls.at(-1)?.params?.token).toBe(t2.refreshToken);
    expect(fake.grantOf(t2.refreshToken)?.revokedAt).toBeDefined();
  });

  it('reads SIP values from sip-provision, with the transport they are for', async () => {
    const t = await signIn();
    expect(await gw.sipProvision(t)).toEqual({
      domain: 'sip.ringcentral.com',
      outboundProxy: 'sip10.ringcentral.com:5090',
      outboundProxyBackup: 'sip20.ringcentral.com:5090',
      transport: 'UDP',
    });
    const call = fake.calls.find((c) => c.endpoint === 'sip-provision')!;
    expect(call).toMatchObject({ method: 'POST', status: 200 });
    expect((await gw.sipProvision(t, 'TCP')).transport).toBe('TCP');
  });

  it('reads sip-provision per account: without a backup proxy, and with IPv6 proxies', async () => {
    fake.users.get(FAKE_ACO_NON_ADMIN.id)!.accountId = '555';
    fake.setSipInfo(FAKE_SIP_INFO_NO_BACKUP, '555');
    fake.setSipInfo({
      domain: 'sip.example.test',
      outboundProxy: 'proxy.example.test:5090',
      outboundProxyIPv6: '[2001:db8::10]:5090',
      outboundProxyIPv6Backup: '[2001:db8::20]:5090',
    });
    const admin = await signIn();
    expect(await gw.sipProvision(admin)).toEqual({
      domain: 'sip.example.test',
      outboundProxy: 'proxy.example.test:5090',
      outboundProxyIPv6: '[2001:db8::10]:5090',
      outboundProxyIPv6Backup: '[2001:db8::20]:5090',
      transport: 'UDP',
    });
    fake.signInAs(FAKE_ACO_NON_ADMIN.id);
    const other = await signIn();
    expect(await gw.sipProvision(other)).toEqual({ ...FAKE_SIP_INFO_NO_BACKUP, transport: 'UDP' });
  });

  it('sip-provision: 403 without the VoipCalling permission, 401 for a dead token, 429 with Retry-After, a malformed answer', async () => {
    await fake.close();
    await setup({ clients: [{ ...defaultClient(), scope: 'ReadAccounts' }] });
    const t = await signIn();
    const forbidden = await failure(gw.sipProvision(t));
    expect(forbidden).toMatchObject({ kind: 'rejected', details: { status: 403, errorCode: 'CMN-401' } });
    expect(forbidden.message).toMatch(/VoipCalling/);
    expectNoSecrets(forbidden, tokenSecrets(t));

    await fake.close();
    await setup();
    const t2 = await signIn();
    fake.failNext(1, { status: 429, retryAfter: 30 }, 'sip-provision');
    expect(await failure(gw.sipProvision(t2))).toMatchObject({
      kind: 'rate_limited',
      details: { status: 429, retryAfterMs: 30_000 },
    });
    for (const body of [{ sipInfo: [] }, { sipInfo: [{ domain: 'sip.ringcentral.com' }] }, [], { sipInfo: 'x' }]) {
      fake.failNext(1, { status: 200, body }, 'sip-provision');
      expect(await failure(gw.sipProvision(t2))).toMatchObject({
        kind: 'server_error',
        details: { errorCode: 'MalformedAnswer' },
      });
    }
    // The targeted failures hit sip-provision only: the extension lookup in between is not touched.
    fake.failNext(1, { status: 503 }, 'sip-provision');
    expect((await gw.whoAmI(t2)).id).toBe(FAKE_ACO_ADMIN.id);
    expect((await failure(gw.sipProvision(t2))).kind).toBe('server_error');

    fake.revokeToken(t2.accessToken);
    expect(await failure(gw.sipProvision(t2))).toMatchObject({ kind: 'invalid_grant', details: { status: 401 } });
  });

  it("reads the signed-in extension's assigned roles: Super Admin, another admin role, a standard user", async () => {
    fake.signInAs(FAKE_ACO_PHONE_ADMIN);
    const phone = await signIn();
    expect(await gw.assignedRoles(phone)).toEqual([{ id: '4', displayName: 'Phone System Admin' }]);
    expect(fake.calls.find((c) => c.endpoint === 'assigned-role')).toMatchObject({ method: 'GET', status: 200 });

    fake.signInAs(FAKE_ACO_ADMIN.id);
    expect(await gw.assignedRoles(await signIn())).toEqual([SUPER_ADMIN_ROLE]);
    fake.signInAs(FAKE_ACO_NON_ADMIN.id);
    expect(await gw.assignedRoles(await signIn())).toEqual([STANDARD_ROLE]);

    fake.failNext(1, { status: 200, body: { uri: 'x' } }, 'assigned-role');
    expect(await failure(gw.assignedRoles(phone))).toMatchObject({
      kind: 'server_error',
      details: { errorCode: 'MalformedAnswer' },
    });
  });

  it('assigned roles need ReadAccounts: 403 without it', async () => {
    await fake.close();
    await setup({ clients: [{ ...defaultClient(), scope: 'VoipCalling' }] });
    const t = await signIn();
    expect(await failure(gw.assignedRoles(t))).toMatchObject({ kind: 'rejected', details: { status: 403 } });
  });

  describe('transient failures', () => {
    it('503 → server_error (with Retry-After when given)', async () => {
      const t = await signIn();
      fake.failNext(1, { status: 503, retryAfter: 5 });
      const e = await failure(gw.refresh(t));
      expect(e.kind).toBe('server_error');
      expect(e.transient).toBe(true);
      expect(e.details).toMatchObject({ status: 503, retryAfterMs: 5000 });
      expectNoSecrets(e, tokenSecrets(t));
      // The refresh token was not consumed.
      expect((await gw.refresh(t)).refreshToken).not.toBe(t.refreshToken);
    });

    it('429 → rate_limited with Retry-After, or at least 30 s without', async () => {
      const t = await signIn();
      fake.failNext(1, { status: 429, retryAfter: 45 });
      const a = await failure(gw.refresh(t));
      expect(a.kind).toBe('rate_limited');
      expect(a.details.retryAfterMs).toBe(45_000);
      fake.failNext(1, { status: 429 });
      const b = await failure(gw.refresh(t));
      expect(b.kind).toBe('rate_limited');
      expect(b.details.retryAfterMs).toBeGreaterThanOrEqual(30_000);
      expect(fake.refreshCount).toBe(2); // the SDK did not wait and retry by itself
      fake.failNext(1, { status: 429, retryAfter: 10 }, 'rest');
      const c = await failure(gw.whoAmI(t));
      expect(c.kind).toBe('rate_limited');
      expect(fake.counts.extension).toBe(1);
      expectNoSecrets(c, tokenSecrets(t));
    });

    it('connection refused, dropped or too slow → unreachable', async () => {
      const t = await signIn();
      fake.failNext(1, { drop: true });
      expect((await failure(gw.refresh(t))).kind).toBe('unreachable');

      fake.failNext(1, { delayMs: 1_000 });
      const slow = await failure(gateway({ timeoutMs: 200 }).refresh(t));
      expect(slow.kind).toBe('unreachable');
      expect(slow.message).toMatch(/200 ms/);

      await fake.refuseConnections();
      const refused = await failure(gw.refresh(t));
      expect(refused.kind).toBe('unreachable');
      expect(refused.transient).toBe(true);
      expectNoSecrets(refused, tokenSecrets(t));
      const refused2 = await failure(gw.whoAmI(t));
      expect(refused2.kind).toBe('unreachable');
      await fake.acceptConnections();
    });
  });
});

describe('refresh token reuse against the default 10 s grace window', () => {
  beforeEach(() => setup({ refreshGraceMs: 10_000 }));

  it('the old refresh token dies once the new access token has been used for 10 s', async () => {
    const t1 = await signIn();
    const t2 = await gw.refresh(t1);
    await gw.whoAmI(t2);
    fake.clock.advance(10_001);
    const e = await failure(gw.refresh(t1));
    expect(e.kind).toBe('invalid_grant');
    expectNoSecrets(e, [...tokenSecrets(t1), ...tokenSecrets(t2)]);
    expect((await gw.refresh(t2)).accessToken).toBeTruthy();
  });
});

describe('strict single use', () => {
  beforeEach(() => setup({ refreshGraceMs: 0 }));

  it('the old refresh token fails with invalid_grant right after a refresh', async () => {
    const t1 = await signIn();
    await gw.refresh(t1);
    const e = await failure(gw.refresh(t1));
    expect(e.kind).toBe('invalid_grant');
    expect(e.details.status).toBe(400);
    expect(e.details.errorCode).toMatch(/^OAU-/);
  });
});
