/*
 * A fake ACO (RingCentral platform) server for tests: OAuth 2.0 authorization code + PKCE, single-use rotating
 * refresh tokens, revocation, and the two REST endpoints aco-connect calls. It enforces what the platform
 * enforces (client authentication, exact redirect URIs, one-time codes, S256 verifiers, token lifetimes on a
 * controllable clock) and lets a test inject failures (503, 429 + Retry-After, delays, dropped sockets,
 * refused connections).
 *
 * Plain TypeScript, no test-runner imports: import it in-process (`startFakeAco`) or run it in a child process
 * (`tsx test/support/fakes/aco-server.ts`, options as JSON in FAKE_ACO_OPTIONS; it prints one JSON line
 * `{"url": "..."}` on stdout) and drive it over HTTP with `connectFakeAco(url)` (routes under /__fake/).
 *
 * Refresh token reuse (design.md §7): the platform lets a rotated refresh token keep working until ~10 s after
 * the new access token is first used. Modelled as: after RT1 → (AT2, RT2), RT1 is still accepted while (AT2,
 * RT2) is the grant's current pair and AT2 was not used on a REST call more than `refreshGraceMs` ago; such a
 * reuse mints a new pair and the sibling (AT2, RT2) dies, because a grant has one live pair at a time (a second
 * replica refreshing concurrently kills the first one's pair). `refreshGraceMs: 0` gives strict single use.
 * The old access token dies at once on refresh ("there can only be one active access token at a time").
 *
 * Error codes: token endpoint errors are `{error, error_description, errors:[{errorCode:"OAU-…", message}]}`
 * (400, 401 for client authentication); REST errors are `{errorCode, message, errors:[{errorCode, message}]}`.
 * The OAU-/CMN- codes are the platform's where known (OAU-123, OAU-210, OAU-211, OAU-213, CMN-301, CMN-401),
 * otherwise plausible stand-ins: do not assert on the exact numbers of the others.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pathToFileURL } from 'node:url';

/* ------------------------------------------------------------------------------------------------ types */

export interface FakeAcoUser {
  /** Extension id; numeric strings are sent as JSON numbers, as the platform does. */
  id: string;
  name: string;
  extensionNumber: string;
  admin: boolean;
  /**
   * Roles assigned to the user (GET …/extension/~/assigned-role). Default: Super Admin for an admin, Standard
   * otherwise. Role id "1" is the platform's Super Admin; the other ids here are plausible stand-ins.
   */
  roles?: FakeAcoRole[];
  firstName?: string;
  lastName?: string;
  email?: string;
  accountId?: string;
}

export interface FakeAcoRole {
  id: string;
  displayName: string;
}

export interface FakeAcoClient {
  clientId: string;
  /** Absent: a public client (client_id in the body, no Basic auth). */
  clientSecret?: string;
  redirectUris: string[];
  /** Space-separated app permissions granted to this client's tokens. */
  scope?: string;
}

export interface FakeAcoOptions {
  /** Shorthand for the one default client (ignored when `clients` is given). */
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  clients?: FakeAcoClient[];
  /** Known users; the first signs in unless `signedInUserId` says otherwise. */
  users?: FakeAcoUser[];
  signedInUserId?: string;
  /** GET /restapi/oauth/authorize redirects straight back with a code (no consent page). */
  autoApprove?: boolean;
  /**
   * The consent page lets the person pick which known user signs in (a sandbox sign-in), and shows this label
   * (e.g. that it is a simulation). Default: the signed-in user only, no label.
   */
  consent?: { chooseUser?: boolean; label?: string };
  /** What POST /restapi/v1.0/client-info/sip-provision hands out; default FAKE_SIP_INFO. */
  sipInfo?: { domain: string; outboundProxy: string; outboundProxyBackup?: string };
  /** The URL the fake is reached at when its `handler` is mounted elsewhere (resource URIs use it). */
  publicUrl?: string;
  /** See the header comment; default 10 000; 0 = strict single use. */
  refreshGraceMs?: number;
  accessTokenTtlSec?: number;
  refreshTokenTtlSec?: number;
  codeTtlSec?: number;
  /** Initial clock value (epoch ms); default: real now. The clock then runs with real time plus offsets. */
  startAt?: number;
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
}

export interface FakeClock {
  now(): number;
  advance(ms: number): void;
  set(epochMs: number): void;
}

export type FakeAcoEndpoint =
  | 'authorize'
  | 'token'
  | 'revoke'
  | 'extension'
  | 'assigned-role'
  | 'sip-provision'
  | 'other';

export interface FakeAcoCall {
  seq: number;
  /** Fake clock time. */
  at: number;
  method: string;
  path: string;
  endpoint: FakeAcoEndpoint;
  status: number;
  grantType?: string;
  clientId?: string;
  /** Form or query parameters as received (fake tokens only: this is a test double). */
  params?: Record<string, string>;
  authorization?: string;
  /** Set when the answer came from an injected failure. */
  injected?: string;
}

/** One injected failure. `status` answers with that status; `delayMs` waits first (then answers normally
 * unless `status`/`drop` is also set); `drop` destroys the socket without an answer. */
export interface FakeAcoFailure {
  status?: number;
  /** Retry-After header value (seconds, or an HTTP date string). */
  retryAfter?: number | string;
  body?: unknown;
  delayMs?: number;
  drop?: boolean;
}

export type FakeFailureTarget = 'token' | 'revoke' | 'rest' | 'any';

export interface FakeAcoCounts {
  authorize: number;
  token: number;
  authorizationCode: number;
  refresh: number;
  refreshSucceeded: number;
  revoke: number;
  extension: number;
  sipProvision: number;
  assignedRole: number;
}

export interface FakeAuthorizeRequest {
  at: number;
  clientId: string;
  redirectUri: string;
  responseType: string;
  state?: string;
  brandId?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  params: Record<string, string>;
}

export interface FakeGrantInfo {
  id: string;
  clientId: string;
  userId: string;
  brandId?: string;
  createdAt: number;
  revokedAt?: number;
  revokedReason?: string;
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: number;
  refreshTokenExpiresAt: number;
  /** How many refreshes this grant went through. */
  rotations: number;
}

export interface FakeTokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
  scope: string;
  owner_id: string;
  endpoint_id: string;
}

export interface FakeAcoState {
  url: string;
  now: number;
  counts: FakeAcoCounts;
  calls: FakeAcoCall[];
  users: FakeAcoUser[];
  signedInUserId: string;
  autoApprove: boolean;
  grants: FakeGrantInfo[];
  authorizeRequests: FakeAuthorizeRequest[];
}

export interface FakeAco {
  readonly url: string;
  readonly port: number;
  readonly clock: FakeClock;
  /** The request listener, to serve the fake under a path of another server (see `publicUrl`). */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Known users by id; edit freely. */
  readonly users: Map<string, FakeAcoUser>;
  readonly clients: Map<string, FakeAcoClient>;
  /** Every request except /__fake control calls, oldest first. */
  readonly calls: FakeAcoCall[];
  readonly counts: FakeAcoCounts;
  /** Token calls with grant_type=refresh_token (failed ones included). */
  readonly refreshCount: number;
  readonly authorizeRequests: FakeAuthorizeRequest[];
  readonly lastAuthorizeRequest: FakeAuthorizeRequest | undefined;
  readonly signedInUser: FakeAcoUser;
  readonly autoApprove: boolean;
  /** Who signs in on the consent page from now on (a new user is added to `users`). */
  signInAs(user: FakeAcoUser | string): FakeAcoUser;
  /** Flip the admin permission of a user (default: the signed-in one). */
  setAdmin(admin: boolean, userId?: string): void;
  setAutoApprove(on: boolean): void;
  addClient(client: FakeAcoClient): void;
  registerRedirectUri(uri: string, clientId?: string): void;
  /** The next `times` matching calls answer with `failure` instead of normally. */
  failNext(times: number, failure: FakeAcoFailure, target?: FakeFailureTarget): void;
  clearFailures(): void;
  /** Token calls get 429 + Retry-After until the penalty passes; a call during the penalty restarts it. */
  rateLimit(seconds: number, opts?: { restartOnHit?: boolean; sendRetryAfter?: boolean }): void;
  /** Stop listening: new connections are refused (ECONNREFUSED), open ones are cut. */
  refuseConnections(): Promise<void>;
  /** Listen again on the same port. */
  acceptConnections(): Promise<void>;
  /** Server-side revocation of every grant of a user (password change); returns how many. */
  revokeUser(userId?: string, reason?: string): number;
  /** Server-side revocation of the grant holding this access or refresh token; false if unknown. */
  revokeToken(token: string, reason?: string): boolean;
  /** Mint a grant directly (no consent round trip), as the token endpoint would answer. */
  issueTokens(opts?: { userId?: string; clientId?: string }): FakeTokenResponse;
  grants(): FakeGrantInfo[];
  /** The grant holding this (current or past) access or refresh token. */
  grantOf(token: string): FakeGrantInfo | undefined;
  /** True when the access token would be accepted right now. */
  isAccessTokenValid(token: string): boolean;
  resetCalls(): void;
  state(): FakeAcoState;
  close(): Promise<void>;
}

/* ------------------------------------------------------------------------------------------------ defaults */

export const FAKE_ACO_CLIENT_ID = 'fake-aco-client-id';
export const FAKE_ACO_CLIENT_SECRET = 'fake-aco-client-secret-do-not-log';
export const FAKE_ACO_REDIRECT_URI = 'http://127.0.0.1:3000/oauth/aco/callback';
export const FAKE_ACO_ACCOUNT_ID = '37439510';
export const FAKE_ACO_ADMIN: FakeAcoUser = {
  id: '2468013579',
  name: 'Alice Admin',
  firstName: 'Alice',
  lastName: 'Admin',
  email: 'alice.admin@example.com',
  extensionNumber: '101',
  admin: true,
};
export const FAKE_ACO_NON_ADMIN: FakeAcoUser = {
  id: '2468013580',
  name: 'Bob User',
  firstName: 'Bob',
  lastName: 'User',
  email: 'bob.user@example.com',
  extensionNumber: '102',
  admin: false,
};
export const FAKE_SIP_INFO = {
  domain: 'sip.ringcentral.com',
  outboundProxy: 'sip10.ringcentral.com:5090',
  outboundProxyBackup: 'sip20.ringcentral.com:5090',
};

const DEFAULT_SCOPE = 'ReadAccounts VoipCalling';

/* ------------------------------------------------------------------------------------------------ clock */

export function createFakeClock(startAt?: number): FakeClock {
  let offset = startAt === undefined ? 0 : startAt - Date.now();
  return {
    now: () => Date.now() + offset,
    advance: (ms: number) => {
      offset += ms;
    },
    set: (epochMs: number) => {
      offset = epochMs - Date.now();
    },
  };
}

/* ------------------------------------------------------------------------------------------------ internals */

interface TokenPair {
  grant: Grant;
  accessToken: string;
  refreshToken: string;
  issuedAt: number;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  state: 'current' | 'rotated' | 'superseded';
  /** The pair minted when this pair's refresh token was used. */
  successor?: TokenPair;
  firstAccessUseAt?: number;
}

interface Grant {
  id: string;
  clientId: string;
  userId: string;
  brandId?: string;
  scope: string;
  endpointId: string;
  createdAt: number;
  revokedAt?: number;
  revokedReason?: string;
  current: TokenPair;
  rotations: number;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  userId: string;
  brandId?: string;
  issuedAt: number;
  usedAt?: number;
}

interface PendingConsent {
  request: FakeAuthorizeRequest;
  userId: string;
  createdAt: number;
}

interface ArmedFailure {
  remaining: number;
  failure: FakeAcoFailure;
  target: FakeFailureTarget;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

const oauthError = (
  status: number,
  error: string,
  errorCode: string,
  description: string,
  headers: Record<string, string> = {},
) =>
  new HttpError(
    status,
    { error, error_description: description, errors: [{ errorCode, message: description }] },
    headers,
  );

const restError = (status: number, errorCode: string, message: string, headers: Record<string, string> = {}) =>
  new HttpError(status, { errorCode, message, errors: [{ errorCode, message }] }, headers);

const randomToken = (prefix: string) => prefix + randomBytes(30).toString('base64url');

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const SUPER_ADMIN_ROLE: FakeAcoRole = { id: '1', displayName: 'Super Admin' };
export const STANDARD_ROLE: FakeAcoRole = { id: '3', displayName: 'Standard' };

/** A user's assigned roles: as given, or Super Admin for an admin and Standard otherwise. */
export const rolesOf = (u: FakeAcoUser): FakeAcoRole[] => u.roles ?? [u.admin ? SUPER_ADMIN_ROLE : STANDARD_ROLE];

const numericIfDigits = (id: string): string | number => (/^\d{1,15}$/.test(id) ? Number(id) : id);

function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new HttpError(413, { errorCode: 'CMN-413', message: 'Request entity too large' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/* ------------------------------------------------------------------------------------------------ server */

export async function startFakeAco(opts: FakeAcoOptions = {}): Promise<FakeAco> {
  const clock = createFakeClock(opts.startAt);
  const accessTtl = opts.accessTokenTtlSec ?? 3600;
  const refreshTtl = opts.refreshTokenTtlSec ?? 604_800;
  const codeTtlMs = (opts.codeTtlSec ?? 60) * 1000;
  const graceMs = opts.refreshGraceMs ?? 10_000;
  let autoApprove = opts.autoApprove ?? false;
  const provisioned = opts.sipInfo ?? FAKE_SIP_INFO;

  const clients = new Map<string, FakeAcoClient>();
  for (const c of opts.clients ?? [
    {
      clientId: opts.clientId ?? FAKE_ACO_CLIENT_ID,
      clientSecret: opts.clientSecret ?? FAKE_ACO_CLIENT_SECRET,
      redirectUris: opts.redirectUris ?? [FAKE_ACO_REDIRECT_URI],
    },
  ]) {
    clients.set(c.clientId, { ...c, redirectUris: [...c.redirectUris] });
  }
  const users = new Map<string, FakeAcoUser>();
  for (const u of opts.users ?? [FAKE_ACO_ADMIN, FAKE_ACO_NON_ADMIN]) users.set(u.id, { ...u });
  const firstUserId = opts.signedInUserId ?? users.keys().next().value;
  if (!firstUserId || !users.has(firstUserId)) throw new Error('startFakeAco: signedInUserId is not a known user');
  let signedInUserId: string = firstUserId;

  const calls: FakeAcoCall[] = [];
  const authorizeRequests: FakeAuthorizeRequest[] = [];
  const counts: FakeAcoCounts = {
    authorize: 0,
    token: 0,
    authorizationCode: 0,
    refresh: 0,
    refreshSucceeded: 0,
    revoke: 0,
    extension: 0,
    sipProvision: 0,
    assignedRole: 0,
  };
  const codes = new Map<string, AuthCode>();
  const pending = new Map<string, PendingConsent>();
  const grants = new Map<string, Grant>();
  const byAccess = new Map<string, TokenPair>();
  const byRefresh = new Map<string, TokenPair>();
  let failures: ArmedFailure[] = [];
  let penalty: { until: number; seconds: number; restartOnHit: boolean; sendRetryAfter: boolean } | undefined;
  let seq = 0;

  const userOf = (id?: string) => {
    const u = users.get(id ?? signedInUserId);
    if (!u) throw new Error(`fake ACO: unknown user ${id}`);
    return u;
  };

  /* ---- grants and tokens */

  function mintPair(grant: Grant, accessTtlSec = accessTtl, refreshTtlSec = refreshTtl): TokenPair {
    const now = clock.now();
    const pair: TokenPair = {
      grant,
      accessToken: randomToken('U0pDMTFQMDFQQVMwMHxB'),
      refreshToken: randomToken('U0pDMTFQMDFQQVMwMHxS'),
      issuedAt: now,
      accessExpiresAt: now + accessTtlSec * 1000,
      refreshExpiresAt: now + refreshTtlSec * 1000,
      state: 'current',
    };
    byAccess.set(pair.accessToken, pair);
    byRefresh.set(pair.refreshToken, pair);
    return pair;
  }

  function tokenResponse(pair: TokenPair): FakeTokenResponse {
    const now = clock.now();
    return {
      access_token: pair.accessToken,
      token_type: 'bearer',
      expires_in: Math.max(0, Math.round((pair.accessExpiresAt - now) / 1000)),
      refresh_token: pair.refreshToken,
      refresh_token_expires_in: Math.max(0, Math.round((pair.refreshExpiresAt - now) / 1000)),
      scope: pair.grant.scope,
      owner_id: pair.grant.userId,
      endpoint_id: pair.grant.endpointId,
    };
  }

  function newGrant(
    clientId: string,
    userId: string,
    brandId: string | undefined,
    ttls?: { access?: number; refresh?: number },
  ) {
    const client = clients.get(clientId)!;
    const grant = {
      id: randomUUID(),
      clientId,
      userId,
      brandId,
      scope: client.scope ?? DEFAULT_SCOPE,
      endpointId: randomBytes(12).toString('base64url'),
      createdAt: clock.now(),
      rotations: 0,
    } as Grant;
    grant.current = mintPair(grant, ttls?.access, ttls?.refresh);
    grants.set(grant.id, grant);
    return grant;
  }

  function grantInfo(g: Grant): FakeGrantInfo {
    return {
      id: g.id,
      clientId: g.clientId,
      userId: g.userId,
      brandId: g.brandId,
      createdAt: g.createdAt,
      revokedAt: g.revokedAt,
      revokedReason: g.revokedReason,
      accessToken: g.current.accessToken,
      refreshToken: g.current.refreshToken,
      accessTokenExpiresAt: g.current.accessExpiresAt,
      refreshTokenExpiresAt: g.current.refreshExpiresAt,
      rotations: g.rotations,
    };
  }

  function revokeGrant(g: Grant, reason: string) {
    if (g.revokedAt === undefined) {
      g.revokedAt = clock.now();
      g.revokedReason = reason;
    }
  }

  /** TTL parameters the platform honours on the token endpoint (access 600..max, refresh ≤ max). */
  function ttlParam(raw: string | undefined, min: number, max: number): number | undefined {
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) return undefined;
    return Math.min(max, Math.max(min, Math.floor(n)));
  }

  /* ---- client authentication */

  function authenticateClient(req: IncomingMessage, params: URLSearchParams): FakeAcoClient {
    const header = req.headers.authorization;
    if (header) {
      const m = /^basic\s+(.+)$/i.exec(header.trim());
      if (!m)
        throw oauthError(401, 'invalid_client', 'OAU-123', 'Client authentication is required', {
          'WWW-Authenticate': 'Basic realm="RingCentral"',
        });
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      const idx = decoded.indexOf(':');
      const id = idx < 0 ? decoded : decoded.slice(0, idx);
      const secret = idx < 0 ? '' : decoded.slice(idx + 1);
      const client = clients.get(id);
      if (!client || (client.clientSecret ?? '') !== secret) {
        throw oauthError(401, 'invalid_client', 'OAU-153', 'Invalid client', {
          'WWW-Authenticate': 'Basic realm="RingCentral"',
        });
      }
      return client;
    }
    const bodyId = params.get('client_id');
    const client = bodyId ? clients.get(bodyId) : undefined;
    if (client && !client.clientSecret) return client; // public client
    throw oauthError(401, 'invalid_client', 'OAU-123', 'Client authentication is required', {
      'WWW-Authenticate': 'Basic realm="RingCentral"',
    });
  }

  /* ---- failures */

  function takeFailure(endpoint: FakeAcoEndpoint): FakeAcoFailure | undefined {
    const kind: FakeFailureTarget | undefined =
      endpoint === 'token'
        ? 'token'
        : endpoint === 'revoke'
          ? 'revoke'
          : endpoint === 'extension' || endpoint === 'sip-provision' || endpoint === 'assigned-role'
            ? 'rest'
            : undefined;
    if (!kind) return undefined;
    const armed = failures.find((f) => f.remaining > 0 && (f.target === kind || f.target === 'any'));
    if (!armed) return undefined;
    armed.remaining -= 1;
    failures = failures.filter((f) => f.remaining > 0);
    return armed.failure;
  }

  /* ---- endpoint handlers */

  function validateAuthorizeParams(params: URLSearchParams, url: URL): FakeAuthorizeRequest {
    const get = (k: string) => params.get(k) ?? undefined;
    const clientId = get('client_id');
    const client = clientId ? clients.get(clientId) : undefined;
    if (!client)
      throw new HttpError(400, {
        error: 'invalid_client',
        error_description: 'Client not found',
        errors: [{ errorCode: 'OAU-101', message: 'Parameter [client_id] is invalid' }],
      });
    const redirectUri = get('redirect_uri');
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
      throw new HttpError(400, {
        error: 'invalid_request',
        error_description: 'Redirect URI mismatch',
        errors: [
          { errorCode: 'OAU-116', message: 'Parameter [redirect_uri] does not match the registered redirect URI' },
        ],
      });
    }
    const request: FakeAuthorizeRequest = {
      at: clock.now(),
      clientId: client.clientId,
      redirectUri,
      responseType: get('response_type') ?? '',
      state: get('state'),
      brandId: get('brand_id') || undefined,
      codeChallenge: get('code_challenge') || undefined,
      codeChallengeMethod: get('code_challenge_method') || undefined,
      params: Object.fromEntries(url.searchParams),
    };
    // From here on the redirect URI is trusted: errors go back to it (RFC 6749 §4.1.2.1).
    if (request.responseType !== 'code') {
      throw redirectError(request, 'unsupported_response_type', 'Unsupported response type');
    }
    if (!request.codeChallenge) throw redirectError(request, 'invalid_request', 'Code challenge required');
    if (request.codeChallengeMethod !== 'S256') {
      throw redirectError(
        request,
        'invalid_request',
        'Transform algorithm not supported; use code_challenge_method=S256',
      );
    }
    if (!/^[A-Za-z0-9_-]{43}$/.test(request.codeChallenge))
      throw redirectError(request, 'invalid_request', 'Invalid code challenge');
    return request;
  }

  function redirectTo(request: FakeAuthorizeRequest, params: Record<string, string | undefined>): HttpError {
    const u = new URL(request.redirectUri);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
    if (request.state !== undefined) u.searchParams.set('state', request.state);
    return new HttpError(302, '', { Location: u.toString() });
  }

  function redirectError(request: FakeAuthorizeRequest, error: string, description: string) {
    return redirectTo(request, { error, error_description: description });
  }

  function approve(request: FakeAuthorizeRequest, userId: string): HttpError {
    const code = randomToken('U0pDMTFQMDFQQVMwMHxD');
    codes.set(code, {
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge!,
      userId,
      brandId: request.brandId,
      issuedAt: clock.now(),
    });
    return redirectTo(request, { code });
  }

  function consentPage(request: FakeAuthorizeRequest, requestId: string, user: FakeAcoUser): string {
    const brand = request.brandId === '6010' ? 'Avaya Cloud Office' : 'RingCentral';
    const hidden = `<input type="hidden" name="request_id" value="${escapeHtml(requestId)}">`;
    const label = opts.consent?.label
      ? `<p class="label" id="simulation-label" role="note">${escapeHtml(opts.consent.label)}</p>`
      : '';
    const who = opts.consent?.chooseUser
      ? `<fieldset><legend>Sign in as</legend>${[...users.values()]
          .map((u) => {
            const roles = rolesOf(u)
              .map((r) => r.displayName)
              .join(', ');
            const checked = u.id === user.id ? ' checked' : '';
            return `<label class="user"><input type="radio" name="user_id" value="${escapeHtml(u.id)}"${checked}>
<span><strong>${escapeHtml(u.name)}</strong><small>ext ${escapeHtml(u.extensionNumber)} · ${escapeHtml(roles)}${u.email ? ` · ${escapeHtml(u.email)}` : ''}</small></span></label>`;
          })
          .join('\n')}</fieldset>`
      : `<p id="signed-in-as">Signed in as <strong>${escapeHtml(user.name)}</strong> (ext ${escapeHtml(user.extensionNumber)})</p>`;
    // Relative form action: the page works wherever the fake is mounted.
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${brand} – Authorize</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; background: #eef1f6; color: #1f2328; }
main { max-width: 30rem; margin: 8vh auto; background: #fff; padding: 1.75rem 2rem; border-radius: 10px; box-shadow: 0 2px 8px rgba(0,0,0,.12); }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; color: #c8102e; }
.label { background: #fff4ce; border: 1px solid #f2d675; border-radius: 6px; padding: .5rem .75rem; font-weight: 600; margin: .75rem 0; }
fieldset { border: 1px solid #d0d7de; border-radius: 8px; padding: .5rem .75rem; margin: 1rem 0; }
legend { font-weight: 600; padding: 0 .25rem; }
.user { display: flex; gap: .6rem; align-items: flex-start; padding: .45rem 0; cursor: pointer; }
.user + .user { border-top: 1px solid #eaeef2; }
.user span { display: flex; flex-direction: column; }
.user small { color: #57606a; }
.buttons { display: flex; gap: .75rem; margin-top: 1.25rem; }
button { font: inherit; font-weight: 600; padding: .5rem 1.4rem; border-radius: 6px; border: 1px solid #d0d7de; background: #fff; cursor: pointer; }
#authorize { background: #1f6feb; border-color: #1f6feb; color: #fff; }
</style></head>
<body data-brand-id="${escapeHtml(request.brandId ?? '')}">
<main>
<h1>${brand}</h1>
${label}
<form method="post" action="authorize" id="authorize-form">${hidden}
${who}
<p>The application <strong>${escapeHtml(request.clientId)}</strong> asks for access to your account.</p>
<div class="buttons"><button type="submit" name="decision" value="authorize" id="authorize">Authorize</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button></div>
</form>
</main></body></html>`;
  }

  async function handleAuthorize(
    req: IncomingMessage,
    url: URL,
    call: FakeAcoCall,
  ): Promise<[number, unknown, Record<string, string>]> {
    if (req.method === 'GET') {
      call.params = Object.fromEntries(url.searchParams);
      call.clientId = url.searchParams.get('client_id') ?? undefined;
      const request = validateAuthorizeParams(url.searchParams, url);
      authorizeRequests.push(request);
      if (autoApprove) throw approve(request, signedInUserId);
      const requestId = randomToken('req-');
      pending.set(requestId, { request, userId: signedInUserId, createdAt: clock.now() });
      return [
        200,
        consentPage(request, requestId, userOf(signedInUserId)),
        { 'Content-Type': 'text/html; charset=utf-8' },
      ];
    }
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      call.params = Object.fromEntries(form);
      const requestId = form.get('request_id') ?? '';
      const p = pending.get(requestId);
      pending.delete(requestId);
      if (!p || clock.now() - p.createdAt > 10 * 60_000) {
        return [
          400,
          '<!doctype html><p id="error">This authorization request has expired. Start again.</p>',
          { 'Content-Type': 'text/html; charset=utf-8' },
        ];
      }
      call.clientId = p.request.clientId;
      // A sandbox sign-in: the person picked who they are on the consent page.
      const chosen = opts.consent?.chooseUser ? form.get('user_id') : null;
      const userId = chosen && users.has(chosen) ? chosen : p.userId;
      if (form.get('decision') === 'authorize') throw approve(p.request, userId);
      throw redirectError(p.request, 'access_denied', 'The user denied the authorization request');
    }
    throw new HttpError(405, { errorCode: 'CMN-405', message: 'Method not allowed' }, { Allow: 'GET, POST' });
  }

  function checkPenalty() {
    if (!penalty) return;
    const now = clock.now();
    if (now >= penalty.until) {
      penalty = undefined;
      return;
    }
    if (penalty.restartOnHit) penalty.until = now + penalty.seconds * 1000;
    const headers: Record<string, string> = penalty.sendRetryAfter
      ? { 'Retry-After': String(Math.ceil((penalty.until - now) / 1000)) }
      : {};
    throw restError(429, 'CMN-301', 'Request rate exceeded', headers);
  }

  function countGrantType(call: FakeAcoCall, params: URLSearchParams) {
    call.params = Object.fromEntries(params);
    call.grantType = params.get('grant_type') ?? undefined;
    if (call.grantType === 'refresh_token') counts.refresh += 1;
    if (call.grantType === 'authorization_code') counts.authorizationCode += 1;
  }

  async function handleToken(req: IncomingMessage, call: FakeAcoCall): Promise<FakeTokenResponse> {
    if (req.method !== 'POST')
      throw new HttpError(405, { errorCode: 'CMN-405', message: 'Method not allowed' }, { Allow: 'POST' });
    const params = new URLSearchParams(await readBody(req));
    countGrantType(call, params);
    checkPenalty();
    if (!/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
      throw oauthError(
        400,
        'invalid_request',
        'OAU-250',
        'Unsupported Content-Type; use application/x-www-form-urlencoded',
      );
    }
    const client = authenticateClient(req, params);
    call.clientId = client.clientId;
    const now = clock.now();
    const accessTtlReq = ttlParam(params.get('access_token_ttl') ?? undefined, 600, accessTtl);
    const refreshTtlReq = ttlParam(params.get('refresh_token_ttl') ?? undefined, 0, refreshTtl);

    switch (params.get('grant_type')) {
      case 'authorization_code': {
        const code = params.get('code') ?? '';
        const entry = codes.get(code);
        if (!code || !entry || entry.clientId !== client.clientId) {
          throw oauthError(400, 'invalid_grant', 'OAU-109', 'Authorization code is invalid');
        }
        if (entry.usedAt !== undefined)
          throw oauthError(400, 'invalid_grant', 'OAU-109', 'Authorization code has already been used');
        if (now - entry.issuedAt > codeTtlMs)
          throw oauthError(400, 'invalid_grant', 'OAU-210', 'Authorization code has expired');
        if (params.get('redirect_uri') !== entry.redirectUri) {
          throw oauthError(
            400,
            'invalid_grant',
            'OAU-116',
            'Parameter [redirect_uri] does not match the one used in the authorization request',
          );
        }
        const verifier = params.get('code_verifier');
        if (!verifier) throw oauthError(400, 'invalid_grant', 'OAU-140', 'Code verifier required');
        if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || s256(verifier) !== entry.codeChallenge) {
          throw oauthError(400, 'invalid_grant', 'OAU-141', 'Code verifier does not match the code challenge');
        }
        entry.usedAt = now;
        const grant = newGrant(client.clientId, entry.userId, entry.brandId, {
          access: accessTtlReq,
          refresh: refreshTtlReq,
        });
        return tokenResponse(grant.current);
      }
      case 'refresh_token': {
        const rt = params.get('refresh_token') ?? '';
        const pair = byRefresh.get(rt);
        if (!rt || !pair) throw oauthError(400, 'invalid_grant', 'OAU-213', 'Token not found');
        const grant = pair.grant;
        if (grant.clientId !== client.clientId) throw oauthError(400, 'invalid_grant', 'OAU-213', 'Token not found');
        if (grant.revokedAt !== undefined) throw oauthError(400, 'invalid_grant', 'OAU-211', 'Token is revoked');
        if (now >= pair.refreshExpiresAt) throw oauthError(400, 'invalid_grant', 'OAU-210', 'Token expired');
        if (pair.state !== 'current') {
          const successor = pair.successor;
          const inGrace =
            graceMs > 0 &&
            pair.state === 'rotated' &&
            successor !== undefined &&
            successor === grant.current &&
            (successor.firstAccessUseAt === undefined || now < successor.firstAccessUseAt + graceMs);
          if (!inGrace) throw oauthError(400, 'invalid_grant', 'OAU-211', 'Token is revoked');
          // Reuse within the grace window: the sibling pair dies, a fresh one becomes current.
          successor.state = 'superseded';
        } else {
          pair.state = 'rotated';
        }
        const next = mintPair(grant, accessTtlReq, refreshTtlReq);
        pair.successor = next;
        grant.current = next;
        grant.rotations += 1;
        counts.refreshSucceeded += 1;
        return tokenResponse(next);
      }
      case null:
      case '':
        throw oauthError(400, 'invalid_request', 'OAU-250', 'Parameter [grant_type] is required');
      default:
        throw oauthError(400, 'unsupported_grant_type', 'OAU-251', 'Unsupported grant type');
    }
  }

  async function handleRevoke(req: IncomingMessage, call: FakeAcoCall): Promise<void> {
    if (req.method !== 'POST')
      throw new HttpError(405, { errorCode: 'CMN-405', message: 'Method not allowed' }, { Allow: 'POST' });
    const params = new URLSearchParams(await readBody(req));
    call.params = Object.fromEntries(params);
    const client = authenticateClient(req, params);
    call.clientId = client.clientId;
    const token = params.get('token');
    if (!token) throw oauthError(400, 'invalid_request', 'OAU-250', 'Parameter [token] is required');
    const pair = byAccess.get(token) ?? byRefresh.get(token);
    // RFC 7009: an unknown token is not an error.
    if (pair && pair.grant.clientId === client.clientId) revokeGrant(pair.grant, 'revoked by the client');
  }

  function bearer(req: IncomingMessage): TokenPair {
    const header = req.headers.authorization ?? '';
    const unauthorized = (code: string, message: string, inner?: { errorCode: string; message: string }) =>
      new HttpError(
        401,
        { errorCode: code, message, errors: [inner ?? { errorCode: code, message }] },
        { 'WWW-Authenticate': 'Bearer realm="RingCentral REST API", error="invalid_token"' },
      );
    const m = /^bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw unauthorized('AGW-401', 'Authorization header is not specified');
    const pair = byAccess.get(m[1]!);
    if (!pair)
      throw unauthorized('TokenInvalid', 'Token not found', { errorCode: 'OAU-213', message: 'Token not found' });
    if (pair.grant.revokedAt !== undefined || pair !== pair.grant.current) {
      throw unauthorized('TokenInvalid', 'Token is revoked', { errorCode: 'OAU-211', message: 'Token is revoked' });
    }
    if (clock.now() >= pair.accessExpiresAt) {
      throw unauthorized('TokenInvalid', 'Token expired', { errorCode: 'OAU-210', message: 'Token expired' });
    }
    if (pair.firstAccessUseAt === undefined) pair.firstAccessUseAt = clock.now();
    return pair;
  }

  function extensionBody(pair: TokenPair, base: string) {
    const u = userOf(pair.grant.userId);
    const accountId = u.accountId ?? FAKE_ACO_ACCOUNT_ID;
    const [first, ...rest] = u.name.split(' ');
    return {
      uri: `${base}/restapi/v1.0/account/${accountId}/extension/${u.id}`,
      id: numericIfDigits(u.id),
      extensionNumber: u.extensionNumber,
      contact: {
        firstName: u.firstName ?? first ?? '',
        lastName: u.lastName ?? rest.join(' '),
        email: u.email ?? `${u.extensionNumber}@example.com`,
      },
      name: u.name,
      type: 'User',
      status: 'Enabled',
      permissions: { admin: { enabled: u.admin }, internationalCalling: { enabled: false } },
      account: { uri: `${base}/restapi/v1.0/account/${accountId}`, id: numericIfDigits(accountId) },
      setupWizardState: 'Completed',
    };
  }

  /** GET …/extension/~/assigned-role: the platform's AssignedRolesResource (needs ReadAccounts). */
  function assignedRoleBody(pair: TokenPair, base: string) {
    if (!pair.grant.scope.split(/\s+/).includes('ReadAccounts')) {
      throw restError(
        403,
        'CMN-401',
        'In order to call this API endpoint, application needs to have [ReadAccounts] permission',
      );
    }
    const u = userOf(pair.grant.userId);
    const accountId = u.accountId ?? FAKE_ACO_ACCOUNT_ID;
    const uri = `${base}/restapi/v1.0/account/${accountId}/extension/${u.id}/assigned-role`;
    return {
      uri,
      records: rolesOf(u).map((r) => ({
        uri: `${base}/restapi/v1.0/account/${accountId}/user-role/${r.id}`,
        id: r.id,
        displayName: r.displayName,
        autoAssigned: false,
        siteCompatible: true,
        siteRestricted: false,
      })),
    };
  }

  async function handleSipProvision(req: IncomingMessage, pair: TokenPair) {
    if (!pair.grant.scope.split(/\s+/).includes('VoipCalling')) {
      throw restError(
        403,
        'CMN-401',
        'In order to call this API endpoint, application needs to have [VoipCalling] permission',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)) || 'null');
    } catch {
      throw restError(400, 'CMN-101', 'Request body is not valid JSON');
    }
    const sipInfo = (body as { sipInfo?: unknown } | null)?.sipInfo;
    const transport = Array.isArray(sipInfo)
      ? (sipInfo[0] as { transport?: unknown } | undefined)?.transport
      : undefined;
    if (!Array.isArray(sipInfo) || typeof transport !== 'string' || !['UDP', 'TCP', 'TLS', 'WSS'].includes(transport)) {
      throw restError(400, 'CMN-101', 'Parameter [sipInfo.transport] value is invalid');
    }
    const u = userOf(pair.grant.userId);
    return {
      sipInfo: [
        {
          username: `1650555${u.extensionNumber.padStart(4, '0')}`,
          password: randomBytes(6).toString('base64url'),
          authorizationId: String(800000000 + Number(u.extensionNumber.replace(/\D/g, '') || 0)),
          domain: provisioned.domain,
          outboundProxy: provisioned.outboundProxy,
          ...(provisioned.outboundProxyBackup ? { outboundProxyBackup: provisioned.outboundProxyBackup } : {}),
          outboundProxies: [
            {
              region: 'NorthAmerica',
              proxy: provisioned.outboundProxy,
              proxyTLS: provisioned.outboundProxy.replace(/:\d+$/, ':5096'),
            },
          ],
          transport,
          switchBackInterval: 7200,
        },
      ],
      sipFlags: { voipFeatureEnabled: 'True', voipCountryBlocked: 'False', outboundCallsEnabled: 'True' },
      device: { id: String(Date.now()), status: 'Online' },
    };
  }

  /* ---- control routes (/__fake/...) for other processes */

  async function handleControl(req: IncomingMessage, path: string): Promise<unknown> {
    const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : {};
    switch (`${req.method} ${path}`) {
      case 'GET /__fake/state':
        return api.state();
      case 'POST /__fake/clock/advance':
        clock.advance(Number(body.ms));
        return { now: clock.now() };
      case 'POST /__fake/clock/set':
        clock.set(Number(body.now));
        return { now: clock.now() };
      case 'POST /__fake/sign-in-as':
        return api.signInAs(body.user);
      case 'POST /__fake/admin':
        api.setAdmin(Boolean(body.admin), body.userId);
        return {};
      case 'POST /__fake/auto-approve':
        api.setAutoApprove(Boolean(body.on));
        return {};
      case 'POST /__fake/redirect-uri':
        api.registerRedirectUri(String(body.uri), body.clientId);
        return {};
      case 'POST /__fake/fail':
        api.failNext(Number(body.times), body.failure ?? {}, body.target);
        return {};
      case 'POST /__fake/clear-failures':
        api.clearFailures();
        return {};
      case 'POST /__fake/rate-limit':
        api.rateLimit(Number(body.seconds), body.opts);
        return {};
      case 'POST /__fake/refuse': {
        const ms = Number(body.ms ?? 1000);
        setTimeout(() => {
          void api
            .refuseConnections()
            .then(() => sleep(ms))
            .then(() => api.acceptConnections());
        }, 20);
        return {};
      }
      case 'POST /__fake/revoke-user':
        return { revoked: api.revokeUser(body.userId, body.reason) };
      case 'POST /__fake/revoke-token':
        return { revoked: api.revokeToken(String(body.token), body.reason) };
      case 'POST /__fake/issue':
        return api.issueTokens(body);
      case 'POST /__fake/reset-calls':
        api.resetCalls();
        return {};
      default:
        throw new HttpError(404, { errorCode: 'CMN-102', message: `Unknown control route ${req.method} ${path}` });
    }
  }

  /* ---- dispatch */

  function endpointOf(path: string): FakeAcoEndpoint {
    if (path === '/restapi/oauth/authorize') return 'authorize';
    if (path === '/restapi/oauth/token') return 'token';
    if (path === '/restapi/oauth/revoke') return 'revoke';
    if (/^\/restapi\/v1\.0\/account\/(~|\d+)\/extension\/(~|\d+)$/.test(path)) return 'extension';
    if (/^\/restapi\/v1\.0\/account\/(~|\d+)\/extension\/(~|\d+)\/assigned-role$/.test(path)) return 'assigned-role';
    if (path === '/restapi/v1.0/client-info/sip-provision') return 'sip-provision';
    return 'other';
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (res.headersSent || res.destroyed) return;
    const isText = typeof body === 'string';
    const payload = status === 204 ? '' : isText ? (body as string) : JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    });
    res.end(payload);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    if (path.startsWith('/__fake/')) {
      try {
        send(res, 200, await handleControl(req, path));
      } catch (e) {
        if (e instanceof HttpError) send(res, e.status, e.body, e.headers);
        else send(res, 500, { errorCode: 'CMN-500', message: String(e) });
      }
      return;
    }
    const endpoint = endpointOf(path);
    const call: FakeAcoCall = {
      seq: ++seq,
      at: clock.now(),
      method: req.method ?? 'GET',
      path,
      endpoint,
      status: 0,
      authorization: req.headers.authorization,
    };
    calls.push(call);
    const countKey = (
      {
        authorize: 'authorize',
        token: 'token',
        revoke: 'revoke',
        extension: 'extension',
        'sip-provision': 'sipProvision',
        'assigned-role': 'assignedRole',
      } as const
    )[endpoint as Exclude<FakeAcoEndpoint, 'other'>];
    if (countKey) counts[countKey] += 1;
    try {
      const failure = takeFailure(endpoint);
      if (failure) {
        call.injected = JSON.stringify(failure);
        if (failure.delayMs) await sleep(failure.delayMs);
        if (failure.drop) {
          call.status = -1;
          req.socket.destroy();
          return;
        }
        if (failure.status) {
          if (endpoint === 'token') {
            // Keep the grant type counters honest even when the call is failed.
            countGrantType(call, new URLSearchParams(await readBody(req)));
          }
          const headers: Record<string, string> = {};
          if (failure.retryAfter !== undefined) headers['Retry-After'] = String(failure.retryAfter);
          const [code, message] =
            failure.status === 429
              ? ['CMN-301', 'Request rate exceeded']
              : ['CMN-211', 'Service Temporarily Unavailable'];
          call.status = failure.status;
          send(
            res,
            failure.status,
            failure.body ?? { errorCode: code, message, errors: [{ errorCode: code, message }] },
            headers,
          );
          return;
        }
      }
      switch (endpoint) {
        case 'authorize': {
          const [status, body, headers] = await handleAuthorize(req, url, call);
          call.status = status;
          send(res, status, body, headers);
          return;
        }
        case 'token': {
          const body = await handleToken(req, call);
          call.status = 200;
          send(res, 200, body);
          return;
        }
        case 'revoke':
          await handleRevoke(req, call);
          call.status = 200;
          send(res, 200, '', { 'Content-Type': 'text/plain' });
          return;
        case 'assigned-role': {
          if (req.method !== 'GET') throw restError(405, 'CMN-405', 'Method not allowed');
          const pair = bearer(req);
          call.clientId = pair.grant.clientId;
          call.status = 200;
          send(res, 200, assignedRoleBody(pair, base));
          return;
        }
        case 'extension': {
          if (req.method !== 'GET') throw restError(405, 'CMN-405', 'Method not allowed');
          const pair = bearer(req);
          call.clientId = pair.grant.clientId;
          call.status = 200;
          send(res, 200, extensionBody(pair, base));
          return;
        }
        case 'sip-provision': {
          if (req.method !== 'POST') throw restError(405, 'CMN-405', 'Method not allowed');
          const pair = bearer(req);
          call.clientId = pair.grant.clientId;
          const body = await handleSipProvision(req, pair);
          call.status = 200;
          send(res, 200, body);
          return;
        }
        default:
          throw restError(404, 'CMN-102', `Resource for parameter [path] is not found`);
      }
    } catch (e) {
      if (e instanceof HttpError) {
        call.status = e.status;
        send(res, e.status, e.body, e.headers);
      } else {
        call.status = 500;
        send(res, 500, { errorCode: 'CMN-500', message: 'Internal server error' });
      }
    }
  }

  /* ---- listening */

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = opts.host ?? '127.0.0.1';
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(opts.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const base = (opts.publicUrl ?? `http://${host}:${port}`).replace(/\/+$/, '');
  let listening = true;

  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
      server.closeAllConnections?.();
    });

  const api: FakeAco = {
    url: base,
    port,
    clock,
    handler: (req, res) => void handle(req, res),
    users,
    clients,
    calls,
    counts,
    get refreshCount() {
      return counts.refresh;
    },
    authorizeRequests,
    get lastAuthorizeRequest() {
      return authorizeRequests[authorizeRequests.length - 1];
    },
    get signedInUser() {
      return userOf(signedInUserId);
    },
    get autoApprove() {
      return autoApprove;
    },
    signInAs(user) {
      if (typeof user === 'string') {
        userOf(user);
        signedInUserId = user;
      } else {
        users.set(user.id, { ...user });
        signedInUserId = user.id;
      }
      return userOf(signedInUserId);
    },
    setAdmin(admin, userId) {
      userOf(userId).admin = admin;
    },
    setAutoApprove(on) {
      autoApprove = on;
    },
    addClient(client) {
      clients.set(client.clientId, { ...client, redirectUris: [...client.redirectUris] });
    },
    registerRedirectUri(uri, clientId) {
      const c = clients.get(clientId ?? clients.keys().next().value!);
      if (!c) throw new Error(`fake ACO: unknown client ${clientId}`);
      if (!c.redirectUris.includes(uri)) c.redirectUris.push(uri);
    },
    failNext(times, failure, target = 'token') {
      if (times > 0) failures.push({ remaining: times, failure, target });
    },
    clearFailures() {
      failures = [];
      penalty = undefined;
    },
    rateLimit(seconds, o = {}) {
      penalty = {
        seconds,
        until: clock.now() + seconds * 1000,
        restartOnHit: o.restartOnHit ?? true,
        sendRetryAfter: o.sendRetryAfter ?? true,
      };
    },
    refuseConnections: stopListening,
    async acceptConnections() {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    revokeUser(userId, reason = 'password changed') {
      const id = userId ?? signedInUserId;
      let n = 0;
      for (const g of grants.values()) {
        if (g.userId === id && g.revokedAt === undefined) {
          revokeGrant(g, reason);
          n += 1;
        }
      }
      return n;
    },
    revokeToken(token, reason = 'revoked') {
      const pair = byAccess.get(token) ?? byRefresh.get(token);
      if (!pair) return false;
      revokeGrant(pair.grant, reason);
      return true;
    },
    issueTokens(o = {}) {
      const clientId = o.clientId ?? clients.keys().next().value!;
      if (!clients.has(clientId)) throw new Error(`fake ACO: unknown client ${clientId}`);
      const userId = userOf(o.userId).id;
      return tokenResponse(newGrant(clientId, userId, undefined).current);
    },
    grants: () => [...grants.values()].map(grantInfo),
    grantOf(token) {
      const pair = byAccess.get(token) ?? byRefresh.get(token);
      return pair ? grantInfo(pair.grant) : undefined;
    },
    isAccessTokenValid(token) {
      const pair = byAccess.get(token);
      return (
        !!pair &&
        pair.grant.revokedAt === undefined &&
        pair === pair.grant.current &&
        clock.now() < pair.accessExpiresAt
      );
    },
    resetCalls() {
      calls.length = 0;
      for (const k of Object.keys(counts) as (keyof FakeAcoCounts)[]) counts[k] = 0;
    },
    state: () => ({
      url: base,
      now: clock.now(),
      counts: { ...counts },
      calls: [...calls],
      users: [...users.values()],
      signedInUserId,
      autoApprove,
      grants: api.grants(),
      authorizeRequests: [...authorizeRequests],
    }),
    async close() {
      await stopListening();
    },
  };
  return api;
}

/* ------------------------------------------------------------------------------------------------ remote control */

/** Drives a fake running in another process (same operations, over /__fake/ routes). */
export interface FakeAcoRemote {
  readonly url: string;
  state(): Promise<FakeAcoState>;
  advanceClock(ms: number): Promise<number>;
  setClock(epochMs: number): Promise<number>;
  signInAs(user: FakeAcoUser | string): Promise<FakeAcoUser>;
  setAdmin(admin: boolean, userId?: string): Promise<void>;
  setAutoApprove(on: boolean): Promise<void>;
  registerRedirectUri(uri: string, clientId?: string): Promise<void>;
  failNext(times: number, failure: FakeAcoFailure, target?: FakeFailureTarget): Promise<void>;
  clearFailures(): Promise<void>;
  rateLimit(seconds: number, opts?: { restartOnHit?: boolean; sendRetryAfter?: boolean }): Promise<void>;
  /** Refuse connections for `ms`, then listen again (starts ~20 ms after the answer). */
  refuseFor(ms: number): Promise<void>;
  revokeUser(userId?: string, reason?: string): Promise<number>;
  revokeToken(token: string, reason?: string): Promise<boolean>;
  issueTokens(opts?: { userId?: string; clientId?: string }): Promise<FakeTokenResponse>;
  resetCalls(): Promise<void>;
}

export function connectFakeAco(url: string): FakeAcoRemote {
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(path, url), {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`fake ACO control ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    url,
    state: () => call('/__fake/state'),
    advanceClock: async (ms) => (await call<{ now: number }>('/__fake/clock/advance', { ms })).now,
    setClock: async (now) => (await call<{ now: number }>('/__fake/clock/set', { now })).now,
    signInAs: (user) => call('/__fake/sign-in-as', { user }),
    setAdmin: async (admin, userId) => void (await call('/__fake/admin', { admin, userId })),
    setAutoApprove: async (on) => void (await call('/__fake/auto-approve', { on })),
    registerRedirectUri: async (uri, clientId) => void (await call('/__fake/redirect-uri', { uri, clientId })),
    failNext: async (times, failure, target) => void (await call('/__fake/fail', { times, failure, target })),
    clearFailures: async () => void (await call('/__fake/clear-failures', {})),
    rateLimit: async (seconds, opts) => void (await call('/__fake/rate-limit', { seconds, opts })),
    refuseFor: async (ms) => void (await call('/__fake/refuse', { ms })),
    revokeUser: async (userId, reason) =>
      (await call<{ revoked: number }>('/__fake/revoke-user', { userId, reason })).revoked,
    revokeToken: async (token, reason) =>
      (await call<{ revoked: boolean }>('/__fake/revoke-token', { token, reason })).revoked,
    issueTokens: (opts) => call('/__fake/issue', opts ?? {}),
    resetCalls: async () => void (await call('/__fake/reset-calls', {})),
  };
}

/* ------------------------------------------------------------------------------------------------ CLI */

const isMain = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  const options = JSON.parse(process.env.FAKE_ACO_OPTIONS ?? '{}') as FakeAcoOptions;
  const fake = await startFakeAco(options);
  process.stdout.write(`${JSON.stringify({ url: fake.url, port: fake.port })}\n`);
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
