/* The fake ACO's public types: what tests configure, read back and drive (see ../aco-server.ts). */

import type { IncomingMessage, ServerResponse } from 'node:http';

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

/** An account's SIP provisioning (the platform's SipInfoResponse fields aco-connect reads). */
export interface FakeSipInfo {
  domain: string;
  outboundProxy: string;
  outboundProxyBackup?: string;
  outboundProxyIPv6?: string;
  outboundProxyIPv6Backup?: string;
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
  sipInfo?: FakeSipInfo;
  /** Per account id (FakeAcoUser.accountId, default FAKE_ACO_ACCOUNT_ID): overrides `sipInfo` for that account. */
  sipInfoByAccount?: Record<string, FakeSipInfo>;
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
  /**
   * Token endpoint only: carry the request out for real first (a refresh rotates the pair and retires the old
   * access token at once), then hold the answer this long; with `drop`, destroy the socket instead of
   * answering. A refresh that reached ACO whose result the caller gets late, or never.
   */
  holdAnswerMs?: number;
}

/** 'rest' is any REST endpoint; 'extension', 'assigned-role' and 'sip-provision' that endpoint only. */
export type FakeFailureTarget = 'token' | 'revoke' | 'rest' | 'extension' | 'assigned-role' | 'sip-provision' | 'any';

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
  /** What sip-provision hands out from now on, for one account (default: every account without its own). */
  setSipInfo(info: FakeSipInfo, accountId?: string): void;
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
