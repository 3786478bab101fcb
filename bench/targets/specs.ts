import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { BENCH_ACO, BENCH_SLACK, BENCH_TEAMS, type BenchFakes } from '../fakes.js';
import { launch, REPO_ROOT, type RunningTarget } from '../lib/child.js';
import { COMPILED_NODE_ARGS, type CompiledTargets, type TargetEntry } from '../lib/compile.js';
import { freePort } from '../lib/free-port.js';
import type { BenchRedis } from '../lib/redis-db.js';

export type TargetKey = 'baseline' | 'sqlite' | 'redis';
export const TARGET_KEYS: TargetKey[] = ['baseline', 'sqlite', 'redis'];

export const TARGET_LABELS: Record<TargetKey, string> = {
  baseline: 'baseline',
  sqlite: 'aco-connect SQLite',
  redis: 'aco-connect Redis',
};

export interface TargetEnvironment {
  fakes: BenchFakes;
  /** Where SQLite files, logs and the calibration file go for this run. */
  workDir: string;
  logDir: string;
  calibrationFile?: string;
  redis?: BenchRedis;
  /** Generated once per bench run: the Redis store needs one. */
  encryptionKey: string;
  /** The targets compiled to JavaScript (needed for the compiled runtime). */
  compiled?: CompiledTargets;
  /** Set: aco-connect runs with Prometheus metrics on (METRICS_TOKEN), to measure what they cost. */
  metricsToken?: string;
}

export const newEncryptionKey = () => randomBytes(32).toString('base64');

let launches = 0;

/** How a target's code runs: compiled by tsc and run on plain node as `npm start` runs the app, or under tsx. */
export type Runtime = 'compiled' | 'tsx';

/** Starts one target as its own process on a free loopback port; resolves once /readyz answers 200. */
export async function launchTarget(
  key: TargetKey,
  env: TargetEnvironment,
  opts: { runtime: Runtime; nodeArgs?: string[] },
): Promise<RunningTarget> {
  if (opts.runtime === 'compiled' && !env.compiled)
    throw new Error('compile the targets (compileTargets) before starting them compiled');
  const entryOf = (name: TargetEntry) =>
    opts.runtime === 'compiled' ? env.compiled!.entry(name) : path.join(REPO_ROOT, 'bench/targets', `${name}.ts`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  env.fakes.aco.registerRedirectUri(`${base}/oauth/aco/callback`);
  const n = ++launches;
  const common = {
    PUBLIC_BASE_URL: base,
    SLACK_SIGNING_SECRET: BENCH_SLACK.signingSecret,
    SLACK_BOT_TOKEN: BENCH_SLACK.botToken,
    SLACK_API_URL: env.fakes.slack.apiUrl,
    ACO_SERVER_URL: env.fakes.aco.url,
    ACO_CLIENT_ID: BENCH_ACO.clientId,
    ACO_CLIENT_SECRET: BENCH_ACO.clientSecret,
  };
  let vars: Record<string, string>;
  let entry: string;
  if (key === 'baseline') {
    if (!env.calibrationFile) throw new Error('the baseline needs the calibration from aco-connect first');
    entry = entryOf('baseline');
    vars = { ...common, BENCH_CALIBRATION: env.calibrationFile };
  } else {
    entry = entryOf('aco-connect');
    let store: Record<string, string>;
    if (key === 'redis') {
      if (!env.redis) throw new Error('Redis is not available');
      await env.redis.flush();
      store = { STORE_URL: env.redis.url, ENCRYPTION_KEY: env.encryptionKey };
    } else {
      const dir = await mkdtemp(path.join(env.workDir, `sqlite-${n}-`));
      // ENCRYPTION_KEY set as production should have it (otherwise the first start writes a key file).
      store = { STORE_URL: `sqlite://${path.join(dir, 'aco-connect.sqlite')}`, ENCRYPTION_KEY: env.encryptionKey };
    }
    // The Teams scenarios post unauthenticated activities: emulator mode, which NODE_ENV=production refuses
    // (for express and pino NODE_ENV changes nothing on these routes).
    vars = {
      ...common,
      ...store,
      NODE_ENV: 'benchmark',
      TEAMS_EMULATOR: 'true',
      TEAMS_ADMIN_USERS: BENCH_TEAMS.adminAad,
      LOG_LEVEL: 'info',
      ...(env.metricsToken ? { METRICS_TOKEN: env.metricsToken } : {}),
    };
  }
  const nodeArgs = [...(opts.nodeArgs ?? []), ...(opts.runtime === 'compiled' ? COMPILED_NODE_ARGS : [])];
  return launch({
    name: `${TARGET_LABELS[key]} (${opts.runtime})`,
    entry,
    env: vars,
    port,
    logFile: path.join(env.logDir, `${key}-${opts.runtime}-${n}.log`),
    nodeArgs,
  });
}
