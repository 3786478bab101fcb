import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './support/app/start-app.js';
import { loaded, PROCESS_READY_MS } from './support/budgets.js';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

/** `npm start` runs dist/main.js (scripts/start.mjs; dist/ is built first when stale); `compiled: false` runs the source under tsx. */
function run(env: Record<string, string>, cwd: string, compiled = false) {
  const [cmd, args] = compiled
    ? [process.execPath, ['--enable-source-maps', path.join(root, 'dist/main.js')]]
    : [tsx, [path.join(root, 'src/main.ts')]];
  const child = spawn(cmd, args, { cwd, env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(url: string, ms = PROCESS_READY_MS): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

// dist/ is built once for the run by the global setup (test/support/global-setup.ts), as `npm start` builds it.
describe('npm start (the built server as a process)', { timeout: PROCESS_READY_MS + loaded(10_000) }, () => {
  it('starts with no configuration on SQLite, answers health checks, and stops cleanly on SIGTERM', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'aco-start-'));
    dirs.push(cwd);
    const port = await freePort();
    const p = run({ PORT: String(port), HOST: '127.0.0.1' }, cwd, true);
    const health = await waitFor(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      store: 'sqlite',
      encryptionKey: { ok: true, checked: 0 },
      checks: { store: { ok: true } },
    });
    // The embedded store and its generated key sit under ./data, private to the owner (the WAL files too).
    for (const file of [
      'aco-connect.sqlite.key',
      'aco-connect.sqlite',
      'aco-connect.sqlite-wal',
      'aco-connect.sqlite-shm',
    ]) {
      expect((await stat(path.join(cwd, 'data', file))).mode & 0o777, file).toBe(0o600);
    }
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const out = p.output();
    expect(out).toContain('Slack: off — set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
    expect(out).toContain('ACO Authenticate: off — set ACO_CLIENT_ID and ACO_CLIENT_SECRET');
    expect(out).toContain('shutting down');
    // It builds the whole tree first: minutes on a loaded machine.
  }, 180_000);

  it('refuses to start on a bad environment, one line per problem, no secret echoed', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'aco-start-'));
    dirs.push(cwd);
    const p = run({ STORE_URL: 'redis://127.0.0.1:6379', SLACK_SIGNING_SECRET: 'shh-signing-secret', PORT: 'x' }, cwd);
    expect(await p.exited).toBe(1);
    const out = p.output();
    expect(out).toMatch(/^ {2}- ENCRYPTION_KEY: is required with a Redis or PostgreSQL store/m);
    expect(out).toMatch(/^ {2}- SLACK_BOT_TOKEN: is required when the other Slack credential is set/m);
    expect(out).toMatch(/^ {2}- PORT: must be a port number/m);
    expect(out).not.toContain('shh-signing-secret');
  });
});
