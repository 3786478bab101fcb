import {
  DEFAULT_SCOPE,
  FAKE_ACO_ADMIN,
  FAKE_ACO_CLIENT_ID,
  FAKE_ACO_CLIENT_SECRET,
  FAKE_ACO_NON_ADMIN,
  FAKE_ACO_REDIRECT_URI,
  FAKE_SIP_INFO,
} from './defaults.js';
import { Grants } from './grants.js';
import type {
  FakeAcoCall,
  FakeAcoClient,
  FakeAcoCounts,
  FakeAcoOptions,
  FakeAcoUser,
  FakeAuthorizeRequest,
  FakeClock,
  FakeSipInfo,
} from './types.js';

/*
 * Everything one fake ACO remembers: registered clients, known users and who signs in, issued codes and
 * pending consents, grants, and the record of calls. The endpoint handlers read and change it; tests read it
 * through the FakeAco API.
 */

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  userId: string;
  brandId?: string;
  issuedAt: number;
  usedAt?: number;
}

export interface PendingConsent {
  request: FakeAuthorizeRequest;
  userId: string;
  createdAt: number;
}

const zeroCounts = (): FakeAcoCounts => ({
  authorize: 0,
  token: 0,
  authorizationCode: 0,
  refresh: 0,
  refreshSucceeded: 0,
  revoke: 0,
  extension: 0,
  sipProvision: 0,
  assignedRole: 0,
});

export class AcoState {
  readonly clients = new Map<string, FakeAcoClient>();
  readonly users = new Map<string, FakeAcoUser>();
  signedInUserId: string;
  autoApprove: boolean;
  /** What the consent page offers (see FakeAcoOptions.consent). */
  readonly consent: NonNullable<FakeAcoOptions['consent']>;
  /** What sip-provision hands out, unless the account has its own in `sipInfoByAccount`. */
  sipInfo: FakeSipInfo;
  readonly sipInfoByAccount: Map<string, FakeSipInfo>;
  /** Lifetimes the platform gives unless a token request asks for less. */
  readonly accessTtlSec: number;
  readonly refreshTtlSec: number;
  readonly codeTtlMs: number;
  readonly codes = new Map<string, AuthCode>();
  readonly pendingConsents = new Map<string, PendingConsent>();
  readonly grants: Grants;
  readonly calls: FakeAcoCall[] = [];
  readonly counts = zeroCounts();
  readonly authorizeRequests: FakeAuthorizeRequest[] = [];
  private seq = 0;

  constructor(
    opts: FakeAcoOptions,
    readonly clock: FakeClock,
  ) {
    for (const c of opts.clients ?? [
      {
        clientId: opts.clientId ?? FAKE_ACO_CLIENT_ID,
        clientSecret: opts.clientSecret ?? FAKE_ACO_CLIENT_SECRET,
        redirectUris: opts.redirectUris ?? [FAKE_ACO_REDIRECT_URI],
      },
    ])
      this.addClient(c);
    for (const u of opts.users ?? [FAKE_ACO_ADMIN, FAKE_ACO_NON_ADMIN]) this.users.set(u.id, { ...u });
    const firstUserId = opts.signedInUserId ?? this.users.keys().next().value;
    if (!firstUserId || !this.users.has(firstUserId))
      throw new Error('startFakeAco: signedInUserId is not a known user');
    this.signedInUserId = firstUserId;
    this.autoApprove = opts.autoApprove ?? false;
    this.consent = opts.consent ?? {};
    this.sipInfo = opts.sipInfo ?? FAKE_SIP_INFO;
    this.sipInfoByAccount = new Map(Object.entries(opts.sipInfoByAccount ?? {}));
    this.accessTtlSec = opts.accessTokenTtlSec ?? 3600;
    this.refreshTtlSec = opts.refreshTokenTtlSec ?? 604_800;
    this.codeTtlMs = (opts.codeTtlSec ?? 60) * 1000;
    this.grants = new Grants(clock, {
      accessTtlSec: this.accessTtlSec,
      refreshTtlSec: this.refreshTtlSec,
      refreshGraceMs: opts.refreshGraceMs ?? 10_000,
    });
  }

  /** A known user (default: the one signed in); throws for an unknown id. */
  userOf(id?: string): FakeAcoUser {
    const u = this.users.get(id ?? this.signedInUserId);
    if (!u) throw new Error(`fake ACO: unknown user ${id}`);
    return u;
  }

  addClient(client: FakeAcoClient): void {
    this.clients.set(client.clientId, { ...client, redirectUris: [...client.redirectUris] });
  }

  /** The first registered client, for shorthand calls that name none. */
  get defaultClientId(): string {
    return this.clients.keys().next().value!;
  }

  scopeOf(clientId: string): string {
    return this.clients.get(clientId)?.scope ?? DEFAULT_SCOPE;
  }

  /** Records a call as it arrives; handlers fill in status and details. */
  recordCall(call: Omit<FakeAcoCall, 'seq' | 'at' | 'status'>): FakeAcoCall {
    const recorded: FakeAcoCall = { seq: ++this.seq, at: this.clock.now(), status: 0, ...call };
    this.calls.push(recorded);
    return recorded;
  }

  resetCalls(): void {
    this.calls.length = 0;
    Object.assign(this.counts, zeroCounts());
  }
}
