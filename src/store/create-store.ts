import type { Keyv } from 'keyv';
import { systemClock, type Clock, type KeyValueMap, type Store } from '../core/ports.js';
import { createLogger, type Logger } from '../log.js';
import type { Backend, BackendOptions } from './backends/types.js';
import { createSealer } from './encryption.js';
import { resolveEncryptionKeys } from './encryption-key.js';
import { SealedRecords, type ResealReport } from './sealed-records.js';
import { DEFAULT_LOCK_OPTIONS, type ResolvedLockOptions } from './locks/options.js';
import { createAuditRepository } from './repositories/audit.js';
import { createAuthStatusRepository } from './repositories/auth-status.js';
import type { RepositoryContext } from './repositories/context.js';
import { createConversationRepository } from './repositories/conversations.js';
import { createDraftRepository } from './repositories/drafts.js';
import { createGrantRepository } from './repositories/grants.js';
import { createOAuthStateRepository } from './repositories/oauth-states.js';
import { createSettingsRepository } from './repositories/settings.js';
import { createTenantRepository } from './repositories/tenants.js';
import { DEFAULT_STORE_URL, parseStoreUrl } from './store-url.js';
import { isPostgresOutage, isRedisOutage, isSqliteOutage } from './backends/outage.js';
import { createStoreGuard, guardKeyv, type StoreGuard } from './deadline.js';
import { observeGuard, observeLocker, type StoreObserver } from './observe.js';
import { withTimeout } from './timeout.js';
import { errorMessage } from '../error-message.js';

export interface CreateStoreOptions {
  /** STORE_URL: `sqlite://PATH` (relative to cwd), `redis://…`, `rediss://…`, `postgres://…`, `postgresql://…`. */
  url?: string;
  /**
   * ENCRYPTION_KEY (base64 of 32 bytes; several comma-separated, newest first, while rotating) or the key(s)
   * themselves; optional with SQLite (see resolveEncryptionKey).
   */
  encryptionKey?: string | Buffer | readonly Buffer[];
  logger?: Logger;
  clock?: Clock;
  /** Prefix of every key and lock of this store: stores (tenants, tests) with different namespaces never meet. */
  namespace?: string;
  /** SQLite / PostgreSQL table name. */
  table?: string;
  /** Audit entries kept per tenant. */
  auditCap?: number;
  /** Defaults for `locks.withLock`. */
  lock?: Partial<ResolvedLockOptions>;
  /** Base directory for relative SQLite paths. */
  cwd?: string;
  /** SQLite/PostgreSQL: how often expired drafts and states are deleted (0: never; reads still ignore them). */
  sweepIntervalMs?: number;
  /** ping() fails when the backend has not answered within this; default timeoutMs. */
  pingTimeoutMs?: number;
  /**
   * Deadline of every store operation (STORE_TIMEOUT_MS, default 2 s): past it, or when the backend's
   * connection is down, the operation fails with StoreUnavailableError instead of waiting.
   */
  timeoutMs?: number;
  /** Told the duration and failure class of every operation and every lock wait (metrics). */
  observer?: StoreObserver;
}

export interface StoreHandle extends Store {
  readonly namespace: string;
  /** Deletes every record of this store's namespace (tests, tenant removal); with Redis its lock keys too. */
  clear(): Promise<void>;
  /** Deletes expired records now (SQLite/PostgreSQL); the number deleted. Runs every sweepIntervalMs anyway. */
  sweep(): Promise<number>;
  /** Re-seals every sealed record under the newest ENCRYPTION_KEY (`npm run reseal`). */
  reseal(): Promise<ResealReport>;
  /** Id of the newest key (the one new records are sealed with). */
  readonly keyId: string;
  /** Internal namespaces holding sealed records (tests: no sealed value lives anywhere else). */
  sealedNamespaces(): string[];
}

const RESERVED = new Set([
  'settings',
  'drafts',
  'oauth-states',
  'grants',
  'auth-status',
  'audit',
  'conversations',
  'tenant-entitlements',
  'tenant-index',
  'lock',
]);
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export async function createStore(options: CreateStoreOptions = {}): Promise<StoreHandle> {
  const url = options.url ?? DEFAULT_STORE_URL;
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  const namespace = options.namespace ?? 'aco';
  if (!NAME.test(namespace)) throw new Error('store namespace must be 1-64 characters of A-Z a-z 0-9 _ . -');
  const auditCap = options.auditCap ?? 500;
  const lockDefaults: ResolvedLockOptions = { ...DEFAULT_LOCK_OPTIONS, ...options.lock };

  const location = parseStoreUrl(url, options.cwd);
  const keys =
    typeof options.encryptionKey === 'string' || options.encryptionKey === undefined
      ? await resolveEncryptionKeys({ storeUrl: url, encryptionKey: options.encryptionKey, logger, cwd: options.cwd })
      : options.encryptionKey;
  const sealer = createSealer(keys);

  const timeoutMs = options.timeoutMs ?? 2_000;
  const isOutage = { sqlite: isSqliteOutage, redis: isRedisOutage, postgres: isPostgresOutage }[location.kind];
  const guard = observeGuard(
    createStoreGuard(
      location.kind === 'postgres' ? 'PostgreSQL' : location.kind === 'redis' ? 'Redis' : 'SQLite',
      timeoutMs,
      isOutage,
    ),
    location.kind,
    options.observer,
  );
  const backendOptions: BackendOptions & { lockDefaults: ResolvedLockOptions; logger: Logger } = {
    lockPrefix: `${namespace}:`,
    table: options.table ?? 'keyv',
    lockDefaults,
    logger,
    timeoutMs,
    guard,
    onError: throttledWarn(logger),
  };
  let raw: Backend;
  switch (location.kind) {
    case 'sqlite':
      // Each backend is loaded only when named: its driver costs start-up time and memory.
      raw = await (await import('./backends/sqlite.js')).createSqliteBackend(location.file, backendOptions);
      break;
    case 'redis':
      raw = await (await import('./backends/redis.js')).createRedisBackend(location.url, backendOptions);
      break;
    case 'postgres':
      raw = await (await import('./backends/postgres.js')).createPostgresBackend(location.url, backendOptions);
      break;
  }
  const backend = guardBackend(raw, guard, observeLocker(raw.locks, options.observer));

  const internal = (name: string) => backend.keyv(`${namespace}:${name}`);
  const sealed = new SealedRecords(backend, internal, sealer);
  const ctx: RepositoryContext = {
    backend,
    keyv: internal,
    locks: backend.locks,
    clock,
    sealedKind: (spec) => sealed.register(spec),
    auditCap,
  };
  let closed: Promise<void> | undefined;
  const sweep = () => backend.sweepExpired(`${namespace}:`);
  const sweepIntervalMs = options.sweepIntervalMs ?? 10 * 60_000;
  const sweeper =
    sweepIntervalMs > 0 && backend.kind !== 'redis'
      ? setInterval(() => {
          sweep().catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'store sweep failed'));
        }, sweepIntervalMs)
      : undefined;
  sweeper?.unref();

  return {
    kind: backend.kind,
    namespace,
    settings: createSettingsRepository(ctx),
    drafts: createDraftRepository(ctx),
    states: createOAuthStateRepository(ctx),
    grants: createGrantRepository(ctx),
    authStatus: createAuthStatusRepository(ctx),
    audit: createAuditRepository(ctx),
    conversations: createConversationRepository(ctx),
    tenants: createTenantRepository(ctx),
    locks: backend.locks,
    records(name: string): KeyValueMap {
      if (!NAME.test(name) || RESERVED.has(name)) {
        throw new Error(`records namespace "${name}" is reserved or not 1-64 characters of A-Z a-z 0-9 _ . -`);
      }
      return internal(name);
    },
    ping: () =>
      withTimeout(backend.ping(), options.pingTimeoutMs ?? timeoutMs, `the ${backend.kind} store did not answer`),
    clear: () => backend.clearPrefix(`${namespace}:`),
    checkSealedRecords: (sample?: number) => sealed.check(sample),
    reseal: () => sealed.resealAll(),
    keyId: sealer.keyId,
    sealedNamespaces: () => sealed.namespaces(),
    sweep,
    close() {
      clearInterval(sweeper);
      closed ??= raw.close();
      return closed;
    },
  };
}

/** Every backend call under the deadline; each keyv too. Locks guard their own store calls. */
function guardBackend(backend: Backend, guard: StoreGuard, locks: Backend['locks']): Backend {
  const keyvs = new Map<string, Keyv>();
  return {
    kind: backend.kind,
    locks,
    keyOf: (keyv, key) => backend.keyOf(keyv, key),
    keyv(namespace) {
      let keyv = keyvs.get(namespace);
      if (!keyv) {
        keyv = guardKeyv(backend.keyv(namespace), guard, namespace);
        keyvs.set(namespace, keyv);
      }
      return keyv;
    },
    takeRaw: (keyv, key) => guard.run('take', () => backend.takeRaw(keyv, key)),
    getRaw: (keyv, key) => guard.run('read', () => backend.getRaw(keyv, key)),
    swapRaw: (keyv, key, expected, next) => guard.run('swap', () => backend.swapRaw(keyv, key, expected, next)),
    replaceRaw: (keyv, key, serialized) => guard.run('replace', () => backend.replaceRaw(keyv, key, serialized)),
    listKeys: (keyv) => guard.run('list', () => backend.listKeys(keyv)),
    clearPrefix: (prefix) => guard.run('clear', () => backend.clearPrefix(prefix)),
    sweepExpired: (prefix) => guard.run('sweep', () => backend.sweepExpired(prefix)),
    ping: () => guard.run('ping', () => backend.ping()),
    close: () => backend.close(),
  };
}

/** Backend errors as warnings, at most one line per place every 10 s (an outage fails every request). */
function throttledWarn(logger: Logger): (error: unknown, where: string) => void {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (error, where) => {
    const now = Date.now();
    const seen = last.get(where);
    if (seen && now - seen.at < 10_000) {
      seen.suppressed++;
      return;
    }
    last.set(where, { at: now, suppressed: 0 });
    logger.warn(
      {
        where,
        err: ((error as Error)?.message ?? String(error)).slice(0, 200),
        ...(seen?.suppressed ? { suppressed: seen.suppressed } : {}),
      },
      'store backend error',
    );
  };
}
