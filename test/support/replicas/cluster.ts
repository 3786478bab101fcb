import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createClient } from '@keyv/redis';
import pg from 'pg';
import type { CoreEvent } from '../../../src/core/events.js';
import type { Clock, Store } from '../../../src/core/ports.js';
import type { StoredGrant } from '../../../src/core/types.js';
import { createLogger } from '../../../src/log.js';
import { createStore, type StoreHandle } from '../../../src/store/create-store.js';
import { PROCESS_READY_MS } from '../budgets.js';
import { grantFromTokenResponse } from '../core/auth-fixtures.js';
import {
  connectFakeAco,
  FAKE_ACO_CLIENT_ID,
  FAKE_ACO_CLIENT_SECRET,
  type FakeAcoOptions,
  type FakeAcoRemote,
} from '../fakes/aco-server.js';

/* Real processes: one fake ACO and N aco-connect replicas (node + tsx) on one Redis or PostgreSQL store. */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REPLICA_ENTRY = fileURLToPath(new URL('./replica-entry.ts', import.meta.url));
const FAKE_ACO_ENTRY = fileURLToPath(new URL('../fakes/aco-server.ts', import.meta.url));

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
export const CCAAS_KEY = 'replica-test-ccaas-key-0123456789';

/**
 * A store of its own so no other test's grants meet our keepers: on Redis, a logical database claimed with a
 * marker key (it never looks empty, so the bench's "highest empty database" claim passes it by); on
 * PostgreSQL, a database of its own. `release()` gives the Redis database back empty.
 */
export async function dedicatedStore(
  kind: 'redis' | 'postgres',
  pgName: string,
): Promise<{ url: string; release(): Promise<void> }> {
  if (kind === 'redis') {
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    try {
      for (let db = 2; db <= 12; db++) {
        await client.select(db);
        if ((await client.dbSize()) !== 0) continue;
        if ((await client.set(CLAIM_KEY, String(process.pid), { condition: 'NX' })) !== 'OK') continue;
        if ((await client.dbSize()) !== 1) continue; // someone else started using it at the same moment
        const u = new URL(REDIS_URL);
        u.pathname = `/${db}`;
        return {
          url: u.toString(),
          async release() {
            const c = createClient({ url: u.toString() });
            await c.connect();
            await c.flushDb();
            await c.close();
          },
        };
      }
      throw new Error('no empty Redis database (2-12) for the replica tests');
    } finally {
      await client.close();
    }
  }
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [pgName]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${pgName}`);
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err; // created meanwhile
  } finally {
    await admin.end();
  }
  const u = new URL(POSTGRES_URL);
  u.pathname = `/${pgName}`;
  const db = new pg.Client({ connectionString: u.toString() });
  await db.connect();
  await db.query('DROP TABLE IF EXISTS public.keyv');
  await db.end();
  return { url: u.toString(), release: async () => undefined };
}

const CLAIM_KEY = 'aco-connect-replica-test-claim';

interface Proc {
  proc: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function spawnTsx(
  entry: string,
  env: Record<string, string>,
  ready: (line: string) => unknown,
): Promise<Proc & { ready: unknown }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} did not start:\n${lines.slice(-20).join('\n')}`)),
      PROCESS_READY_MS,
    );
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      lines.push(line);
      const value = ready(line);
      if (value !== undefined) {
        clearTimeout(timer);
        resolve({ proc, lines, exited, ready: value });
      }
    });
    createInterface({ input: proc.stderr! }).on('line', (line) => lines.push(line));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${lines.slice(-20).join('\n')}`));
    });
  });
}

const parse = (line: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

export interface FakeAcoProcess {
  url: string;
  remote: FakeAcoRemote;
  lines: string[];
  close(): Promise<void>;
}

export async function startFakeAcoProcess(options: FakeAcoOptions = {}): Promise<FakeAcoProcess> {
  const p = await spawnTsx(FAKE_ACO_ENTRY, { FAKE_ACO_OPTIONS: JSON.stringify(options) }, (line) => parse(line)?.url);
  const url = p.ready as string;
  return {
    url,
    remote: connectFakeAco(url),
    lines: p.lines,
    async close() {
      p.proc.kill('SIGTERM');
      await p.exited;
    },
  };
}

export interface Replica {
  index: number;
  url: string;
  pid: number;
  lines: string[];
  exited: Promise<number | null>;
  proc: ChildProcess;
}

export interface TokenAnswer {
  status: number;
  body: { accessToken?: string; expiresAt?: string; type?: string; title?: string; detail?: string };
  retryAfter: string | null;
}

export interface ClusterOptions {
  storeUrl: string;
  fake: FakeAcoProcess;
  size: number;
  /** AppOptions['auth'] for every replica. */
  auth?: Record<string, unknown>;
  /** Environment of one replica on top of the shared one (e.g. its STORE_URL through a TCP proxy). */
  envOf?: (index: number) => Record<string, string>;
}

/**
 * N replicas and the shared test clock. The clock is an offset from real time, moved in step on the fake ACO
 * and on every replica (a restarted replica starts at the current offset), so both sides agree on token ages.
 */
export class Cluster {
  readonly replicas: (Replica | undefined)[] = [];
  readonly allLines: string[] = [];
  /** Events of replicas that were shut down gracefully (a SIGKILLed one takes its list with it). */
  readonly pastEvents: CoreEvent[] = [];
  /** Tokens this test handed to the store itself (seeded grants): none may appear in a log. */
  readonly issued = new Set<string>();
  offset = 0;
  readonly key = randomBytes(32).toString('base64');
  /** The test's own connection to the same store: seeding grants and reading them back. */
  store!: StoreHandle;
  readonly clock: Clock = { now: () => Date.now() + this.offset };

  constructor(readonly opts: ClusterOptions) {}

  async start(): Promise<void> {
    this.store = await createStore({
      url: this.opts.storeUrl,
      encryptionKey: this.key,
      clock: this.clock,
      logger: createLogger({ level: 'silent' }),
    });
    await Promise.all(Array.from({ length: this.opts.size }, (_, i) => this.startReplica(i)));
  }

  env(): Record<string, string> {
    return {
      PORT: '0',
      HOST: '127.0.0.1',
      STORE_URL: this.opts.storeUrl,
      ENCRYPTION_KEY: this.key,
      ACO_SERVER_URL: this.opts.fake.url,
      ACO_CLIENT_ID: FAKE_ACO_CLIENT_ID,
      ACO_CLIENT_SECRET: FAKE_ACO_CLIENT_SECRET,
      CCAAS_API_KEY: CCAAS_KEY,
      LOG_LEVEL: 'info',
      // A generous store deadline: four replicas and a fake ACO share a loaded 2-core box here, where a
      // PostgreSQL connection can take seconds; the outage tests (test/store/outage*.test.ts) use short ones.
      STORE_TIMEOUT_MS: '10000',
    };
  }

  async startReplica(index: number): Promise<Replica> {
    const p = await spawnTsx(
      REPLICA_ENTRY,
      {
        ...this.env(),
        ...this.opts.envOf?.(index),
        REPLICA_CLOCK_OFFSET_MS: String(this.offset),
        REPLICA_AUTH_OPTIONS: JSON.stringify(this.opts.auth ?? {}),
      },
      (line) => parse(line)?.replicaReady,
    );
    const replica: Replica = {
      index,
      url: p.ready as string,
      pid: p.proc.pid!,
      lines: p.lines,
      exited: p.exited,
      proc: p.proc,
    };
    this.replicas[index] = replica;
    return replica;
  }

  live(): Replica[] {
    return this.replicas.filter((r): r is Replica => !!r);
  }

  at(index: number): Replica {
    const r = this.replicas[index];
    if (!r) throw new Error(`replica ${index} is not running`);
    return r;
  }

  /** SIGKILL: no cleanup at all, locks stay held until their lease ends (or the connection drops). */
  async kill(index: number): Promise<void> {
    const r = this.at(index);
    this.replicas[index] = undefined;
    r.proc.kill('SIGKILL');
    await r.exited;
    this.allLines.push(...r.lines);
  }

  /** SIGTERM: graceful shutdown; resolves with the exit code. */
  async terminate(index: number): Promise<number | null> {
    const r = this.at(index);
    this.pastEvents.push(...(await this.events(index)));
    this.replicas[index] = undefined;
    r.proc.kill('SIGTERM');
    const code = await r.exited;
    this.allLines.push(...r.lines);
    return code;
  }

  async restart(index: number): Promise<Replica> {
    if (this.replicas[index]) expectExit0(await this.terminate(index), index);
    return this.startReplica(index);
  }

  async advance(ms: number): Promise<void> {
    this.offset += ms;
    await this.opts.fake.remote.advanceClock(ms);
    await Promise.all(this.live().map((r) => post(r, '/__test/clock', { offsetMs: this.offset })));
  }

  async token(index: number, tenant: string): Promise<TokenAnswer> {
    const res = await fetch(`${this.at(index).url}/api/v1/aco-token?tenant=${encodeURIComponent(tenant)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${CCAAS_KEY}` },
    });
    return {
      status: res.status,
      body: (await res.json()) as TokenAnswer['body'],
      retryAfter: res.headers.get('retry-after'),
    };
  }

  async keeperPass(index: number): Promise<Record<string, string>> {
    return (await post(this.at(index), '/__test/keeper/run', {})) as Record<string, string>;
  }

  async events(index: number): Promise<CoreEvent[]> {
    return (await (await fetch(`${this.at(index).url}/__test/events`)).json()) as CoreEvent[];
  }

  /** Every core event every replica emitted, including those since shut down gracefully. */
  async allEvents(): Promise<CoreEvent[]> {
    const live = await Promise.all(this.live().map((r) => this.events(r.index)));
    return [...this.pastEvents, ...live.flat()];
  }

  async status(index: number, tenant: string): Promise<Record<string, unknown>> {
    return (await (
      await fetch(`${this.at(index).url}/__test/status?tenant=${encodeURIComponent(tenant)}`)
    ).json()) as Record<string, unknown>;
  }

  /** A grant minted at the fake ACO, stored as the OAuth callback would (encrypted, in the shared store). */
  async seedGrant(tenant: string): Promise<StoredGrant> {
    const t = await this.opts.fake.remote.issueTokens();
    const now = this.clock.now();
    const grant = grantFromTokenResponse(t, now);
    this.issued.add(t.access_token).add(t.refresh_token);
    await this.store.grants.put(tenant, grant);
    await this.store.authStatus.put(tenant, { state: 'authenticated', user: grant.user, since: grant.since });
    return grant;
  }

  /** Every log line of every replica so far (running ones included). */
  logs(): string[] {
    return [...this.allLines, ...this.live().flatMap((r) => r.lines)];
  }

  async stop(): Promise<void> {
    await Promise.all(this.live().map((r) => this.terminate(r.index)));
    await (this.store as Store | undefined)?.close();
  }
}

function expectExit0(code: number | null, index: number) {
  if (code !== 0) throw new Error(`replica ${index} exited with ${code} on SIGTERM`);
}

async function post(r: Replica, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${r.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`replica ${r.index} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}
