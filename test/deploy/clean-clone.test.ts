import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readDockerfile, root } from './dockerfile.js';

/*
 * The production path in a clean clone of the committed HEAD, as the Dockerfile builds and runs it: its build
 * stage's npm steps (`npm ci` → `npm run build` → `npm prune --omit=dev`), then its runtime CMD and HEALTHCHECK
 * with production dependencies only, as a non-root user. A runtime dependency kept in devDependencies, or a
 * build step hidden in a start hook, fails here. No container engine runs in CI: this is the image's work
 * without the image. Slow (a real install and a full build): it runs in its own vitest project after the rest of
 * the suite, with minutes-long limits, under whichever Node runs vitest (.ci/run runs it on each tested line).
 */

const MINUTES = 60_000;
const nodeDir = path.dirname(process.execPath);
const [buildStage, runtimeStage] = readDockerfile();

/** The machine's environment without what vitest adds, with this Node first on PATH (npm runs under it). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VITEST') || k === 'NODE_ENV' || k === 'NODE_OPTIONS' || k === 'TEST') continue;
    env[k] = v;
  }
  return { ...env, PATH: `${nodeDir}${path.delimiter}${process.env.PATH ?? ''}`, ...extra };
}

/** Runs a command to its end; a failure throws with the command's own output, so CI shows why. */
function run(cmd: string, args: string[], cwd: string, timeoutMs = 15 * MINUTES, env: Record<string, string> = {}) {
  try {
    return execFileSync(cmd, args, { cwd, env: cleanEnv(env), encoding: 'utf8', stdio: 'pipe', timeout: timeoutMs });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Proc {
  child: ReturnType<typeof spawn>;
  output: () => string;
  closed: Promise<number | null>;
  signalGroup: (signal: NodeJS.Signals) => void;
}
let procs: Proc[] = [];

/** In its own process group, so a test can signal it as a supervisor or a terminal does, and nothing outlives it. */
function startProcess(argv: string[], cwd: string, env: Record<string, string>, asUser?: number): Proc {
  const [cmd, ...args] =
    asUser === undefined ? argv : ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', ...argv];
  const child = spawn(cmd, args, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  // 'close': the process has exited and every process that shared its output (npm's children) is gone too.
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const p: Proc = { child, output: () => out, closed, signalGroup: (s: NodeJS.Signals) => signalGroup(child.pid!, s) };
  procs.push(p);
  return p;
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Polls until /readyz says ready or the process ends; generous, the machine may be busy. */
async function waitReady(url: string, closed: Promise<unknown>, ms = 3 * MINUTES): Promise<unknown> {
  let done = false;
  void closed.then(() => (done = true));
  const until = Date.now() + ms;
  let last: unknown = 'no answer';
  while (!done && Date.now() < until) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      last = await res.json();
      if (res.status === 200) return last;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

/** The image's HEALTHCHECK command, run as Docker would (its exit status is the verdict). */
function healthcheck(env: Record<string, string>): Promise<number | null> {
  const [cmd, ...args] = runtimeStage.healthcheck!;
  const child = spawn(cmd === 'node' ? process.execPath : cmd, args, { env: cleanEnv(env), stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

let clone = '';
let state = '';

beforeAll(async () => {
  // Commits only: a clean clone is what CI and an image build see; uncommitted edits are not in it.
  const head = run('git', ['rev-parse', 'HEAD'], root).trim();
  clone = await mkdtemp(path.join(tmpdir(), 'aco-clone-'));
  state = await mkdtemp(path.join(tmpdir(), 'aco-clone-state-'));
  run('git', ['clone', '--quiet', '--no-checkout', root, clone], tmpdir());
  run('git', ['checkout', '--quiet', head], clone);
  // The Dockerfile's build stage, step by step. Its `npm ci --prefer-offline` takes packages from npm's cache,
  // which CI's own `npm ci` has just filled. sqlite3's install script (the one production package with one)
  // would compile SQLite again, minutes of CPU that a loaded machine stretches past any limit: the install
  // skips scripts and takes the addon this checkout's own `npm ci` compiled for this same Node. That compile is
  // checked by CI's installs (.ci/run: one per Node line); what is checked here is what the clone holds.
  for (const step of buildStage.runs.filter((r) => r.startsWith('npm '))) {
    const install = /^npm ci\b/.test(step);
    run('sh', ['-c', step], clone, 20 * MINUTES, install ? { npm_config_ignore_scripts: 'true' } : {});
    if (install) await copySqliteAddon(clone);
  }
}, 40 * MINUTES);

async function copySqliteAddon(target: string): Promise<void> {
  const rel = 'node_modules/sqlite3/build/Release/node_sqlite3.node';
  if (!existsSync(path.join(root, rel))) throw new Error(`${rel} is missing in ${root}: run npm ci there first`);
  await mkdir(path.dirname(path.join(target, rel)), { recursive: true });
  await copyFile(path.join(root, rel), path.join(target, rel));
}

afterEach(() => {
  for (const p of procs) p.signalGroup('SIGKILL');
  procs = [];
});

afterAll(async () => {
  await Promise.all([clone, state].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })));
});

describe('a clean clone, built and pruned as the Dockerfile does, run with production dependencies only', () => {
  it('has no development tools left, and a dist/ to run', () => {
    for (const dev of ['typescript', 'tsx', 'vitest', 'pino-pretty', '@biomejs/biome']) {
      expect(existsSync(path.join(clone, 'node_modules', dev)), dev).toBe(false);
    }
    expect(existsSync(path.join(clone, 'dist/main.js'))).toBe(true);
  });

  it(
    "the image's CMD as a non-root user: ready on SQLite, HEALTHCHECK passes, SIGTERM stops it cleanly",
    async () => {
      // The image's user owns only its data folder; the application files are read-only to it.
      const uid = process.getuid?.() === 0 ? 65534 : undefined;
      await chmod(clone, 0o755);
      await chmod(state, 0o755);
      const data = path.join(state, 'image-data');
      await mkdir(data);
      if (uid !== undefined) await chown(data, uid, uid);
      const port = await freePort();
      const env = {
        ...runtimeStage.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        STORE_URL: `sqlite://${data}/a.sqlite`,
        // The image runs with NODE_ENV=production, which refuses a non-https public URL (as an operator sets it).
        PUBLIC_BASE_URL: 'https://aco-connect.example.com',
      };
      const p = startProcess(runtimeStage.cmd!, clone, env, uid);
      const ready = await waitReady(`http://127.0.0.1:${port}/readyz`, p.closed);
      expect(ready, p.output()).toMatchObject({ status: 'ready', store: 'sqlite' });
      expect(await healthcheck({ PORT: String(port) })).toBe(0);
      // Docker signals PID 1 only: the Node process itself.
      p.child.kill('SIGTERM');
      expect(await p.closed, p.output()).toBe(0);
      expect(await healthcheck({ PORT: String(port) })).toBe(1);
      const lines = p.output().trim().split('\n');
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
      expect(lines.map((l: string) => JSON.parse(l).msg)).toEqual(
        expect.arrayContaining(['aco-connect listening', 'shutting down']),
      );
    },
    5 * MINUTES,
  );

  it(
    '`npm start` runs the built server; stopping its process group (a terminal, systemd) shuts it down cleanly',
    async () => {
      const port = await freePort();
      const p = startProcess(['npm', 'start', '--silent'], clone, {
        PORT: String(port),
        HOST: '127.0.0.1',
        STORE_URL: `sqlite://${state}/npm-start/aco-connect.sqlite`,
      });
      const ready = await waitReady(`http://127.0.0.1:${port}/readyz`, p.closed);
      expect(ready, p.output()).toMatchObject({ status: 'ready', store: 'sqlite' });
      p.signalGroup('SIGTERM');
      await p.closed;
      expect(p.output()).toContain('"msg":"shutting down"');
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    },
    5 * MINUTES,
  );

  it(
    'LOG_FORMAT=pretty without pino-pretty installed: a warning, then JSON lines',
    async () => {
      const port = await freePort();
      const p = startProcess(['node', 'dist/main.js'], clone, {
        PORT: String(port),
        HOST: '127.0.0.1',
        STORE_URL: `sqlite://${state}/pretty/aco-connect.sqlite`,
        LOG_FORMAT: 'pretty',
      });
      expect(await waitReady(`http://127.0.0.1:${port}/readyz`, p.closed), p.output()).toMatchObject({
        status: 'ready',
      });
      p.child.kill('SIGTERM');
      expect(await p.closed, p.output()).toBe(0);
      const entries = p
        .output()
        .trim()
        .split('\n')
        .map((l: string) => JSON.parse(l));
      expect(entries[0]).toMatchObject({
        level: 40,
        msg: expect.stringContaining('LOG_FORMAT=pretty needs pino-pretty'),
      });
    },
    5 * MINUTES,
  );

  it(
    '`npm run reseal`, the key-rotation tool operators run in production, works without development tools',
    async () => {
      const p = startProcess(['npm', 'run', 'reseal', '--silent'], clone, {
        STORE_URL: `sqlite://${state}/reseal/aco-connect.sqlite`,
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      });
      expect(await p.closed, p.output()).toBe(0);
      expect(p.output()).toMatch(/^re-sealed 0 record\(s\) under key id \S+; 0 already were; 0 failed$/m);
    },
    5 * MINUTES,
  );

  it(
    '`npm start` with sources newer than dist/ and no TypeScript says so in one line and exits 1',
    async () => {
      const later = new Date(Date.now() + 60_000);
      await utimes(path.join(clone, 'src/main.ts'), later, later);
      const p = startProcess(['npm', 'start', '--silent'], clone, { PORT: String(await freePort()) });
      expect(await p.closed).toBe(1);
      expect(p.output().trim()).toBe(
        'aco-connect cannot start: dist/ is older than src/ and TypeScript is not installed; run `npm run build` before pruning dev dependencies (or `npm ci` then `npm start`)',
      );
    },
    5 * MINUTES,
  );
});
