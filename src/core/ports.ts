import type { Keyv } from 'keyv';
import type { AcoUser, AuthStatus } from './auth-status.js';
import type {
  AcoTokens,
  AuditEntry,
  Draft,
  JsonValue,
  OAuthState,
  SettingsRecord,
  StoredGrant,
  TenantId,
} from './types.js';

/* What the core needs from the outside world; src/store and src/aco implement these. */

export interface SettingsRepository {
  get(tenant: TenantId): Promise<SettingsRecord | undefined>;
  put(tenant: TenantId, record: SettingsRecord): Promise<void>;
}

export interface DraftRepository {
  get(tenant: TenantId, id: string): Promise<Draft | undefined>;
  /** Stored until `draft.expiresAt`, plus a day so an expired draft can still be named as such. */
  put(draft: Draft): Promise<void>;
}

export interface OAuthStateRepository {
  put(state: OAuthState): Promise<void>;
  /** Reads and deletes in one step: of two concurrent callers, exactly one gets the state. */
  take(state: string): Promise<OAuthState | undefined>;
  /** Attaches the chat context after the consent link was posted; false when the state is gone. */
  setContext(state: string, context: JsonValue): Promise<boolean>;
}

/** ACO tokens, encrypted at rest: reading the raw store never shows a token. */
export interface GrantRepository {
  get(tenant: TenantId): Promise<StoredGrant | undefined>;
  put(tenant: TenantId, grant: StoredGrant): Promise<void>;
  delete(tenant: TenantId): Promise<void>;
  /** Every tenant holding a grant (the auth keeper walks them). */
  list(): Promise<TenantId[]>;
}

/** The API Auth Status value last decided for a tenant (survives the tokens being discarded). */
export interface AuthStatusRepository {
  get(tenant: TenantId): Promise<AuthStatus | undefined>;
  put(tenant: TenantId, status: AuthStatus): Promise<void>;
}

export interface AuditRepository {
  append(tenant: TenantId, entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(tenant: TenantId, limit: number): Promise<AuditEntry[]>;
}

/** Chat conversation references (Teams admin channel, Slack DM ids, …) by tenant and name. */
export interface ConversationRepository {
  get(tenant: TenantId, key: string): Promise<JsonValue | undefined>;
  put(tenant: TenantId, key: string, ref: JsonValue): Promise<void>;
  delete(tenant: TenantId, key: string): Promise<void>;
}

export interface LockOptions {
  /** How long the lock is held at most if its holder dies (backends with leases). */
  leaseMs?: number;
  /** How long to wait for the lock before giving up with LockTimeoutError. */
  waitMs?: number;
}

/** Mutual exclusion by key across every process sharing the store. */
export interface Locker {
  withLock<T>(key: string, fn: () => Promise<T>, opts?: LockOptions): Promise<T>;
}

export class LockTimeoutError extends Error {
  constructor(key: string) {
    super(`Timed out waiting for lock ${key}`);
    this.name = 'LockTimeoutError';
  }
}

export interface Store {
  readonly kind: 'sqlite' | 'redis' | 'postgres';
  readonly settings: SettingsRepository;
  readonly drafts: DraftRepository;
  readonly states: OAuthStateRepository;
  readonly grants: GrantRepository;
  readonly authStatus: AuthStatusRepository;
  readonly audit: AuditRepository;
  readonly conversations: ConversationRepository;
  readonly locks: Locker;
  /** A raw namespaced keyv for features that add their own records (e.g. the CCaaS outbox). */
  keyv(namespace: string): Keyv;
  /** Resolves when the backend answers; readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/* ACO (RingCentral platform). */

export type AcoErrorKind =
  /** The grant or code is no good: re-authentication needed (invalid_grant, revoked, expired). */
  | 'invalid_grant'
  /** ACO refused the request itself (bad client, bad PKCE verifier, bad redirect). */
  | 'rejected'
  /** Network failure or timeout. */
  | 'unreachable'
  | 'rate_limited'
  | 'server_error';

/** Errors from ACO, safe to log: no token, code or secret ever goes into the message. */
export class AcoError extends Error {
  constructor(
    readonly kind: AcoErrorKind,
    message: string,
    readonly details: { status?: number; errorCode?: string; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'AcoError';
  }
  get transient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'rate_limited' || this.kind === 'server_error';
  }
}

export interface AcoIdentity extends AcoUser {
  admin: boolean;
}

export interface AcoGateway {
  /** False when ACO_CLIENT_ID / ACO_CLIENT_SECRET are missing. */
  readonly configured: boolean;
  /** A consent URL (PKCE S256, brand) for this state, and the verifier to keep with the state. */
  consentUrl(state: string): { url: string; codeVerifier: string };
  exchangeCode(code: string, codeVerifier: string): Promise<AcoTokens>;
  whoAmI(tokens: AcoTokens): Promise<AcoIdentity>;
  refresh(tokens: AcoTokens): Promise<AcoTokens>;
  revoke(tokens: AcoTokens): Promise<void>;
}

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
