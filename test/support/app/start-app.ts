import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config.js';
import type { Clock } from '../../../src/core/ports.js';
import type { HttpComponent } from '../../../src/http/server.js';
import { createCapturingLogger } from '../../../src/log.js';
import { startApp, type App, type AppOptions } from '../../../src/main.js';
import {
  FAKE_ACO_CLIENT_ID,
  FAKE_ACO_CLIENT_SECRET,
  startFakeAco,
  type FakeAco,
  type FakeAcoOptions,
} from '../fakes/aco-server.js';

export interface TestAppOptions {
  /** Environment overrides (strings, as the process environment would give them). */
  env?: Record<string, string | undefined>;
  components?: HttpComponent[];
  /** Start the fake ACO with these options (auto-approve on by default). */
  acoOptions?: FakeAcoOptions;
  /** Reuse a running fake ACO instead of starting one. */
  aco?: FakeAco;
  /** Reuse a data directory (restart tests); a fresh temp one otherwise. */
  dataDir?: string;
  /** Listen on this port (restart tests keep the redirect URI); a free one otherwise. */
  port?: number;
  /** More start options (e.g. a fast Slack retry policy); logger and clock are this helper's. */
  appOptions?: Omit<AppOptions, 'logger' | 'clock' | 'components'>;
  /** Defaults to the fake ACO's clock, so token lifetimes agree on both sides. */
  clock?: Clock;
}

export interface TestApp {
  app: App;
  url: string;
  aco: FakeAco;
  dataDir: string;
  /** Every log line the app wrote (JSON strings). */
  logs: string[];
  /** Stops the app (and the fake ACO and temp dir when this helper created them). */
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** /readyz once every peer check has an outcome (Slack's token check runs in the background after start). */
export async function settledReadiness(url: string, ms = 20_000): Promise<any> {
  const until = Date.now() + ms;
  for (;;) {
    const res = await fetch(`${url}/readyz`);
    const body = await res.json();
    if (body.status !== 'starting') return body;
    if (Date.now() > until) throw new Error(`/readyz still starting after ${ms} ms: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The real app on a free port with a temp SQLite store, against a fake ACO; logs captured. */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const ownAco = !opts.aco;
  const aco = opts.aco ?? (await startFakeAco({ autoApprove: true, ...opts.acoOptions }));
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'aco-connect-test-')));
  const port = opts.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  aco.registerRedirectUri(`${base}/oauth/aco/callback`);

  const loaded = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: base,
    STORE_URL: `sqlite://${path.join(dataDir, 'aco-connect.sqlite')}`,
    ACO_SERVER_URL: aco.url,
    ACO_CLIENT_ID: FAKE_ACO_CLIENT_ID,
    ACO_CLIENT_SECRET: FAKE_ACO_CLIENT_SECRET,
    LOG_LEVEL: 'debug',
    ...opts.env,
  });
  if (!loaded.ok) throw new Error(`test config invalid:\n${loaded.problems.join('\n')}`);
  const { logger, lines } = createCapturingLogger('debug');
  const app = await startApp(loaded.config, {
    // The connectivity check asks a DNS server that is not there (fast, the same on every machine) unless a
    // test gives its own: no test depends on the network.
    sipCheck: { dnsServers: ['127.0.0.1:9'], dnsTimeoutMs: 300, dnsTries: 1, probeTimeoutMs: 500 },
    ...opts.appOptions,
    logger,
    clock: opts.clock ?? aco.clock,
    components: opts.components,
  });
  return {
    app,
    url: app.url,
    aco,
    dataDir,
    logs: lines,
    close: async () => {
      await app.close();
      if (ownAco) await aco.close();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Follows the consent URL on an auto-approving fake ACO and returns the callback URL it redirects to. */
export async function approveConsent(consentUrl: string): Promise<string> {
  const res = await fetch(consentUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent did not redirect (HTTP ${res.status})`);
  return location;
}
