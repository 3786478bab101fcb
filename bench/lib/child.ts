import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Every configuration variable of the README's table. Children get each one explicitly (blank when unused), so
 * neither the bench's own environment nor a developer's .env (dotenv never overrides a set variable) can
 * turn on something the run did not ask for.
 */
const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'PUBLIC_BASE_URL',
  'STORE_URL',
  'ENCRYPTION_KEY',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'SLACK_ADMIN_CHANNEL',
  'SLACK_ADMIN_USERS',
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'TEAMS_EMULATOR',
  'TEAMS_ADMIN_USERS',
  'ACO_SERVER_URL',
  'ACO_CLIENT_ID',
  'ACO_CLIENT_SECRET',
  'ACO_BRAND_ID',
  'RECORDING_LICENSED',
  'CCAAS_API_KEY',
  'CCAAS_WEBHOOK_URL',
  'CCAAS_WEBHOOK_SECRET',
  'LOG_LEVEL',
];

export interface LaunchOptions {
  name: string;
  /** A .ts entry under bench/targets, run by node with tsx's loader (one process: its RSS is the app's), or a compiled .js run by plain node. */
  entry: string;
  env: Record<string, string>;
  port: number;
  logFile: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}

export interface RunningTarget {
  name: string;
  pid: number;
  origin: string;
  /** From spawn to the first 200 from GET /readyz. */
  coldStartMs: number;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Last resort on a crash or Ctrl-C of the bench: no child outlives it. */
export function killAllChildren(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function launch(o: LaunchOptions): Promise<RunningTarget> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    NODE_ENV: 'production',
    ...Object.fromEntries(CONFIG_VARIABLES.map((k) => [k, ''])),
    PORT: String(o.port),
    HOST: '127.0.0.1',
    ...o.env,
  };
  const fd = openSync(o.logFile, 'a');
  const started = performance.now();
  const loader = o.entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), ...loader, o.entry], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  live.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => live.delete(child));
  const origin = `http://127.0.0.1:${o.port}`;

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = started + (o.readyTimeoutMs ?? 30_000);
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  for (;;) {
    if (exitedEarly) throw new Error(`${o.name} exited before it was ready:\n${tail(o.logFile)}`);
    try {
      const res = await fetch(`${origin}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`${o.name} was not ready within ${o.readyTimeoutMs ?? 30_000} ms:\n${tail(o.logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return { name: o.name, pid: child.pid!, origin, coldStartMs: performance.now() - started, stop };
}
