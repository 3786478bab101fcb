import { createClient } from '@keyv/redis';
import pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger } from '../log.js';
import { parseStoreUrl, redactUrl } from './store-url.js';
import { withTimeout } from './timeout.js';

export interface RateLimit {
  /** Requests (points) allowed per window. */
  points: number;
  /** Window in seconds. */
  durationSec: number;
}

/**
 * Rate limiters (rate-limiter-flexible) that count in the same backend as the store, so a limit holds across
 * every replica: Redis and PostgreSQL share the counters, SQLite (one process) counts in memory. Each shared
 * limiter has an in-memory insurance limiter: while the store is unreachable it counts per replica instead of
 * failing requests or waiting for the store.
 */
export interface RateLimiters {
  readonly kind: 'memory' | 'redis' | 'postgres';
  create(name: string, limit: RateLimit): Promise<RateLimiterAbstract>;
  close(): Promise<void>;
}

const memory = (prefix: string, limit: RateLimit) =>
  new RateLimiterMemory({ keyPrefix: prefix, points: limit.points, duration: limit.durationSec });

export async function createRateLimiters(opts: {
  url: string;
  logger: Pick<Logger, 'warn'>;
  /** Deadline of one counter operation (STORE_TIMEOUT_MS); past it the insurance limiter answers. */
  timeoutMs: number;
  /**
   * Separates deployments sharing one Redis/PostgreSQL (main.ts: the store's key id, which every replica of a
   * deployment shares).
   */
  scope: string;
  cwd?: string;
}): Promise<RateLimiters> {
  const location = parseStoreUrl(opts.url, opts.cwd);
  const prefixOf = (name: string) => `aco-rl:${opts.scope}:${name}`;
  let lastWarn = 0;
  const warn = (err: unknown, where: string) => {
    // At most one line per 10 s: an outage is the store's to report.
    if (Date.now() - lastWarn < 10_000) return;
    lastWarn = Date.now();
    opts.logger.warn({ err: err instanceof Error ? err.message : String(err), where }, 'rate limiter store error');
  };

  if (location.kind === 'redis') {
    const client = createClient({
      url: location.url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: Math.max(opts.timeoutMs, 1_000),
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 6), 2_000),
      },
    });
    client.on('error', (err: unknown) => warn(err, 'redis'));
    try {
      await withTimeout(client.connect(), Math.max(opts.timeoutMs, 1_000));
    } catch (error) {
      client.destroy();
      throw new Error(
        `Cannot connect to Redis for rate limits at ${redactUrl(location.url)}: ${(error as Error).message}`,
      );
    }
    return {
      kind: 'redis',
      create: async (name, limit) => {
        const insurance = memory(prefixOf(name), limit);
        const shared = new RateLimiterRedis({
          storeClient: client,
          useRedisPackage: true,
          rejectIfRedisNotReady: true,
          keyPrefix: prefixOf(name),
          points: limit.points,
          duration: limit.durationSec,
          insuranceLimiter: insurance,
        });
        return withDeadline(shared, insurance, Math.max(opts.timeoutMs, 1_000), (err) => warn(err, 'redis'));
      },
      close: async () => {
        client.destroy();
      },
    };
  }

  if (location.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: location.url,
      max: 4,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: opts.timeoutMs,
      statement_timeout: opts.timeoutMs,
      query_timeout: opts.timeoutMs + 500,
      keepAlive: true,
    });
    pool.on('error', (err) => warn(err, 'postgres pool'));
    let tableCreated = false;
    const build = (name: string, limit: RateLimit, created: boolean) =>
      new Promise<RateLimiterAbstract>((resolve, reject) => {
        // The callback may run inside the constructor (table already there), before `limiter` is assigned.
        let done: { err?: unknown } | undefined;
        let limiter: RateLimiterAbstract | undefined;
        const settle = () => {
          if (!done || !limiter) return;
          if (done.err) reject(done.err);
          else resolve(limiter);
        };
        limiter = new RateLimiterPostgres(
          {
            storeClient: pool,
            tableName: 'aco_rate_limits',
            tableCreated: created,
            keyPrefix: prefixOf(name),
            points: limit.points,
            duration: limit.durationSec,
            clearExpiredByTimeout: false,
            insuranceLimiter: memory(prefixOf(name), limit),
          },
          (err?: unknown) => {
            done = { err };
            settle();
          },
        );
        settle();
      });
    return {
      kind: 'postgres',
      async create(name, limit) {
        if (tableCreated) return build(name, limit, true);
        try {
          const limiter = await build(name, limit, false);
          tableCreated = true;
          return limiter;
        } catch (err) {
          // Another replica created the table at the same moment (a unique violation on the catalog).
          if ((err as { code?: string }).code !== '23505') throw err;
          tableCreated = true;
          return build(name, limit, true);
        }
      },
      close: () => pool.end(),
    };
  }

  return { kind: 'memory', create: async (name, limit) => memory(prefixOf(name), limit), close: async () => {} };
}

/**
 * A Redis connection that is up but silent (a black-holed network) answers nothing and fails nothing: without a
 * deadline every request would wait on its counter. Past the deadline the insurance limiter counts instead
 * (`consume`), or the address counts as clean (`get`).
 */
function withDeadline(
  limiter: RateLimiterAbstract,
  insurance: RateLimiterMemory,
  ms: number,
  warn: (err: unknown) => void,
): RateLimiterAbstract {
  const race = <T>(answer: Promise<T>, fallback: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        warn(new Error(`the rate limit counter did not answer within ${ms} ms`));
        fallback().then(resolve, reject);
      }, ms);
      answer.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  return new Proxy(limiter, {
    get(target, prop, receiver) {
      if (prop === 'consume')
        return (key: string | number, points?: number) =>
          race(target.consume(key, points), () => insurance.consume(key, points));
      if (prop === 'get') return (key: string | number) => race(target.get(key), async () => null);
      return Reflect.get(target, prop, receiver);
    },
  });
}
