import type { AcoSipValues } from './aco-values.js';
import type { AcoUser, AuthStatus } from './auth-status.js';
import type { AssignedRole } from './super-admin.js';
import type { TenantEntitlements, TenantPage } from './tenant-entitlements.js';
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
  /**
   * With `fence` (the grant lock, as withLock handed it): written only while that lock still holds, checked
   * atomically with the write; LockLostError otherwise, and nothing is written.
   */
  put(tenant: TenantId, grant: StoredGrant, fence?: HeldLock): Promise<void>;
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

/**
 * Per-tenant configuration and the index of known tenants. The index keeps the order tenants were first
 * seen in, so a page is read by position without walking every key (a provider may serve thousands).
 */
export interface TenantRepository {
  getEntitlements(tenant: TenantId): Promise<TenantEntitlements | undefined>;
  putEntitlements(tenant: TenantId, entitlements: TenantEntitlements): Promise<void>;
  /** Adds the tenant to the index once; later calls are a single read. */
  register(tenant: TenantId): Promise<void>;
  /** Position in the index, or undefined when the tenant was never registered. */
  position(tenant: TenantId): Promise<number | undefined>;
  /** Up to `limit` tenants from position `from`. */
  page(from: number, limit: number): Promise<TenantPage>;
}

export interface LockOptions {
  /** How long the lock is held at most if its holder dies (backends with leases). */
  leaseMs?: number;
  /** How long to wait for the lock before giving up with LockTimeoutError. */
  waitMs?: number;
}

/**
 * What withLock hands the work it runs. A lock can be lost while its holder still works (a Redis lease that
 * could not be renewed, a PostgreSQL lock connection that died); work that must not outlive the lock checks
 * `lost` before each step that others must not repeat, and writes its result fenced (`GrantRepository.put`
 * with the lock), which the store refuses once the lock is gone.
 */
export interface HeldLock {
  /** True once the lock is known lost: another process may hold it now. */
  readonly lost: boolean;
  /** Aborted when the lock is lost. */
  readonly signal: AbortSignal;
}

/** Mutual exclusion by key across every process sharing the store. */
export interface Locker {
  withLock<T>(key: string, fn: (lock: HeldLock) => Promise<T>, opts?: LockOptions): Promise<T>;
}

/** A fenced write was refused: the lock it was made under is no longer held, so another holder may have written. */
export class LockLostError extends Error {
  constructor(key: string) {
    super(`The lock ${key} was lost before the write; nothing was written`);
    this.name = 'LockLostError';
  }
}

export class LockTimeoutError extends Error {
  constructor(key: string) {
    super(`Timed out waiting for lock ${key}`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * The store did not answer within its deadline, or its connection is down. Thrown by every store operation
 * instead of hanging; the core and the adapters answer "storage unavailable, nothing was changed, try again".
 * The message names the backend and the cause (never a key, a value or a credential).
 */
export class StoreUnavailableError extends Error {
  /** When asking again makes sense. */
  readonly retryAfterMs: number;
  constructor(message: string, opts: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'StoreUnavailableError';
    this.retryAfterMs = opts.retryAfterMs ?? 5_000;
  }
}

/** The StoreUnavailableError in `err`, also when it arrives wrapped (a library's error with it as `cause`). */
export function storeUnavailable(err: unknown): StoreUnavailableError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof StoreUnavailableError) return e;
  }
  return undefined;
}

/**
 * A sealed record (an ACO grant, a PKCE verifier) that cannot be opened: the ENCRYPTION_KEY in use is not one
 * it was sealed with, or the stored value was altered. An operator's problem, never a user's.
 */
export class UnreadableRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableRecordError';
  }
}

/**
 * One namespace of plain records on the shared store, for features that keep their own (the CCaaS outbox,
 * the token refresher's failure streaks). Values are JSON-like; `ttlMs` lets a record expire on its own.
 */
export interface KeyValueMap {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<boolean>;
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
  readonly tenants: TenantRepository;
  readonly locks: Locker;
  /** A namespace of the feature's own records on the same backend (e.g. the CCaaS outbox). */
  records(namespace: string): KeyValueMap;
  /** Resolves when the backend answers; readiness. */
  ping(): Promise<void>;
  /**
   * Readiness of the encryption key: opens a few sealed records of each kind. Not ok when ENCRYPTION_KEY
   * cannot open them (with the reason: which record, which key id it names; never a secret).
   */
  checkSealedRecords(sample?: number): Promise<{ ok: boolean; checked: number; unreadable: number; reason?: string }>;
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
  /** The signed-in extension's assigned roles (Super Admin check). */
  assignedRoles(tokens: AcoTokens): Promise<AssignedRole[]>;
  /** The account's SIP provisioning (sip-provision), for the transport given (UDP by default). */
  sipProvision(tokens: AcoTokens): Promise<AcoSipValues>;
  refresh(tokens: AcoTokens): Promise<AcoTokens>;
  revoke(tokens: AcoTokens): Promise<void>;
}

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
