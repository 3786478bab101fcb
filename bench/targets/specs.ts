import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { BENCH_ACO, BENCH_SLACK, BENCH_TEAMS, type BenchFakes } from '../fakes.js';
import { launch, REPO_ROOT, type RunningTarget } from '../lib/child.js';
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
}

export const newEncryptionKey = () => randomBytes(32).toString('base64');

let launches = 0;

/** Starts one target as its own process on a free loopback port; resolves once /readyz answers 200. */
export async function launchTarget(
  key: TargetKey,
  env: TargetEnvironment,
  opts: { nodeArgs?: string[]; /** Run this compiled .js entry instead of the .ts one under tsx. */ compiledEntry?: (name: 'aco-connect' | 'baseline') => string } = {},
): Promise<RunningTarget> {
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
    entry = opts.compiledEntry?.('baseline') ?? path.join(REPO_ROOT, 'bench/targets/baseline.ts');
    vars = { ...common, BENCH_CALIBRATION: env.calibrationFile };
  } else {
    entry = opts.compiledEntry?.('aco-connect') ?? path.join(REPO_ROOT, 'bench/targets/aco-connect.ts');
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
    vars = { ...common, ...store, TEAMS_ADMIN_USERS: BENCH_TEAMS.adminAad, LOG_LEVEL: 'info' };
  }
  const label = `${TARGET_LABELS[key]}${opts.compiledEntry ? ' (compiled)' : ''}`;
  return launch({ name: label, entry, env: vars, port, logFile: path.join(env.logDir, `${key}${opts.compiledEntry ? '-compiled' : ''}-${n}.log`), nodeArgs: opts.nodeArgs });
}
