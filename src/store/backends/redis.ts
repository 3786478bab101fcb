import KeyvRedis, { createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import type { Logger } from '../../log.js';
import { createRedisLocker } from '../locks/redis.js';
import type { ResolvedLockOptions } from '../locks/options.js';
import { redactUrl } from '../store-url.js';
import { withTimeout } from '../timeout.js';
import type { RedisClient } from './redis-client.js';
import type { Backend, BackendOptions } from './types.js';

/* Compare-and-set keeping the key's TTL. */
const SWAP = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') return 1 else return 0 end`;

/** Escapes glob characters for SCAN MATCH. */
const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/*
 * One node-redis client for the whole store: every KeyvRedis adapter (one per namespace, since an adapter
 * carries its namespace) shares it, and so do the locks. Keys: `<namespace>::<key>` (the adapter's prefix;
 * Keyv's own prefix is off, as @keyv/redis's createKeyv does).
 */
export async function createRedisBackend(
  url: string,
  opts: BackendOptions & { lockDefaults: ResolvedLockOptions; logger: Pick<Logger, 'warn'>; connectTimeoutMs?: number },
): Promise<Backend> {
  const connectTimeoutMs = opts.connectTimeoutMs ?? Math.max(opts.timeoutMs, 1_000);
  const client: RedisClient = createClient({
    url,
    // While disconnected, commands fail at once instead of queueing without bound until Redis is back.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      // Reconnect for ever, at most every 2 s (with jitter), so the store recovers by itself.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 6), 2_000) + Math.random() * 100,
    },
  });
  client.setMaxListeners(0); // each adapter adds its own listeners
  client.on('error', (error: unknown) => opts.onError(error, 'redis'));
  try {
    await withTimeout(client.connect(), connectTimeoutMs);
  } catch (error) {
    client.destroy();
    throw new Error(`Cannot connect to the Redis store at ${redactUrl(url)}: ${(error as Error).message}`);
  }

  const cache = new Map<string, Keyv>();
  const adapterOf = (keyv: Keyv) => keyv.store as KeyvRedis<unknown>;
  const fullKey = (keyv: Keyv, key: string) => adapterOf(keyv).createKeyPrefix(key, adapterOf(keyv).namespace);

  return {
    kind: 'redis',
    keyOf: fullKey,
    keyv(namespace) {
      let keyv = cache.get(namespace);
      if (!keyv) {
        const adapter = new KeyvRedis<unknown>(client, { namespace, throwOnErrors: true, throwOnConnectError: true });
        keyv = new Keyv({ store: adapter, namespace, useKeyPrefix: false, throwOnErrors: true });
        keyv.on('error', (error: unknown) => opts.onError(error, `keyv ${namespace}`));
        cache.set(namespace, keyv);
      }
      return keyv;
    },
    async takeRaw(keyv, key) {
      const value = await client.getDel(fullKey(keyv, key));
      return value ?? undefined;
    },
    async replaceRaw(keyv, key, serialized) {
      const ok = await client.set(fullKey(keyv, key), serialized, { condition: 'XX', expiration: 'KEEPTTL' });
      return ok === 'OK';
    },
    async getRaw(keyv, key) {
      return (await client.get(fullKey(keyv, key))) ?? undefined;
    },
    async swapRaw(keyv, key, expected, next) {
      const swapped = await client.eval(SWAP, { keys: [fullKey(keyv, key)], arguments: [expected, next] });
      return swapped === 1;
    },
    async listKeys(keyv) {
      const prefix = fullKey(keyv, '');
      const keys = new Set<string>();
      for await (const batch of client.scanIterator({ MATCH: `${globEscape(prefix)}*`, COUNT: 500 })) {
        for (const key of batch) keys.add(key.slice(prefix.length));
      }
      return [...keys].sort();
    },
    async clearPrefix(prefix) {
      for await (const keys of client.scanIterator({ MATCH: `${globEscape(prefix)}*`, COUNT: 500 })) {
        if (keys.length > 0) await client.unlink(keys);
      }
    },
    async sweepExpired() {
      return 0; // Redis expires keys itself
    },
    locks: createRedisLocker(client, `${opts.lockPrefix}lock::`, opts.logger, opts.guard, opts.lockDefaults),
    async ping() {
      const reply = await client.ping();
      if (reply !== 'PONG') throw new Error('Redis store did not answer PING');
    },
    async close() {
      cache.clear();
      if (client.isOpen) await client.close();
      else client.destroy();
    },
  };
}
