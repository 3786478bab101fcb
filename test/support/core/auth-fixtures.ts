import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RingCentralAcoGateway } from '../../../src/aco/gateway.js';
import { AcoTokenService, type TokenServiceDeps } from '../../../src/core/token-service.js';
import { CoreEvents, type CoreEvent } from '../../../src/core/events.js';
import type { StoredGrant } from '../../../src/core/types.js';
import { ConnectionWorkflow } from '../../../src/core/workflow.js';
import { createCapturingLogger, type Logger } from '../../../src/log.js';
import { createStore, type StoreHandle } from '../../../src/store/create-store.js';
import {
  FAKE_ACO_ADMIN,
  FAKE_ACO_CLIENT_ID,
  FAKE_ACO_CLIENT_SECRET,
  FAKE_ACO_REDIRECT_URI,
  type FakeAco,
  type FakeTokenResponse,
} from '../fakes/aco-server.js';

/* Real parts wired by hand: a store on a real backend, the RingCentral SDK gateway against the fake ACO. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const TEST_KEY = randomBytes(32).toString('base64');

export type BackendName = 'sqlite' | 'redis' | 'postgres';

let sqliteDir: string | undefined;
export function storeUrl(backend: BackendName): string {
  if (backend === 'redis') return REDIS_URL;
  if (backend === 'postgres') return POSTGRES_URL;
  sqliteDir ??= mkdtempSync(path.join(tmpdir(), 'aco-auth-'));
  return `sqlite://${path.join(sqliteDir, 'store.sqlite')}`;
}
export function removeSqliteDir(): void {
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  sqliteDir = undefined;
}

export const uniqueNamespace = () => `auth${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
export const uniqueTenant = () => `slack:T${randomBytes(5).toString('hex').toUpperCase()}`;

/** One "process": its own store connection, gateway, event bus and token service. */
export interface Node {
  store: StoreHandle;
  tokens: AcoTokenService;
  workflow: ConnectionWorkflow;
  events: CoreEvents;
  seen: CoreEvent[];
}

export interface Harness {
  logger: Logger;
  lines: string[];
  node(opts?: Partial<Pick<TokenServiceDeps, 'policy' | 'lock' | 'refreshTimeoutMs'>>): Promise<Node>;
  /** Every event any node emitted, in order. */
  events: CoreEvent[];
  close(): Promise<void>;
}

export function gatewayFor(fake: FakeAco) {
  return new RingCentralAcoGateway({
    serverUrl: fake.url,
    clientId: FAKE_ACO_CLIENT_ID,
    clientSecret: FAKE_ACO_CLIENT_SECRET,
    redirectUri: FAKE_ACO_REDIRECT_URI,
    brandId: '6010',
    timeoutMs: 5_000,
    clock: fake.clock,
  });
}

export function harness(fake: FakeAco, backend: BackendName): Harness {
  const { logger, lines } = createCapturingLogger('debug');
  const namespace = uniqueNamespace();
  const opened: StoreHandle[] = [];
  const all: CoreEvent[] = [];
  return {
    logger,
    lines,
    events: all,
    async node(opts = {}) {
      const store = await createStore({
        url: storeUrl(backend),
        encryptionKey: TEST_KEY,
        logger,
        clock: fake.clock,
        namespace,
      });
      opened.push(store);
      const events = new CoreEvents();
      const seen: CoreEvent[] = [];
      events.on((e) => {
        seen.push(e);
        all.push(e);
      });
      const aco = gatewayFor(fake);
      const tokens = new AcoTokenService({ store, aco, events, logger, clock: fake.clock, ...opts });
      const workflow = new ConnectionWorkflow({
        store,
        aco,
        events,
        logger,
        clock: fake.clock,
        recordingLicensed: false,
      });
      return { store, tokens, workflow, events, seen };
    },
    async close() {
      const first = opened[0];
      if (first) await first.clear().catch(() => undefined);
      await Promise.all(opened.splice(0).map((s) => s.close()));
    },
  };
}

/** A grant as the OAuth callback would store it, minted directly at the fake (no consent round trip). */
export function issueGrant(fake: FakeAco): StoredGrant {
  return grantFromTokenResponse(fake.issueTokens(), fake.clock.now());
}

/** The StoredGrant the callback would keep for a token response from the fake ACO, issued at `now`. */
export function grantFromTokenResponse(t: FakeTokenResponse, now: number): StoredGrant {
  return {
    tokens: {
      accessToken: t.access_token,
      refreshToken: t.refresh_token,
      accessTokenExpiresAt: now + t.expires_in * 1000,
      refreshTokenExpiresAt: now + t.refresh_token_expires_in * 1000,
      tokenType: 'bearer',
      scope: t.scope,
      ownerId: t.owner_id,
    },
    user: { id: FAKE_ACO_ADMIN.id, name: FAKE_ACO_ADMIN.name, extensionNumber: FAKE_ACO_ADMIN.extensionNumber },
    since: new Date(now).toISOString(),
  };
}

/** Every secret the fake handed out (and the client secret): none may appear in logs. */
export function secretsOf(fake: FakeAco): string[] {
  const out = new Set<string>([FAKE_ACO_CLIENT_SECRET]);
  for (const call of fake.calls) {
    for (const key of ['refresh_token', 'code', 'code_verifier', 'token'] as const) {
      const v = call.params?.[key];
      if (v) out.add(v);
    }
  }
  for (const g of fake.grants()) {
    out.add(g.accessToken);
    out.add(g.refreshToken);
  }
  return [...out];
}

export async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}
