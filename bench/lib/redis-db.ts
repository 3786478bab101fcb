import { createClient } from '@keyv/redis';

export interface BenchRedis {
  url: string;
  /** Empties the bench's database (before each start of the Redis target, and at the end). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A Redis logical database of its own for the bench: the app's key names are fixed, so separation is by
 * database index. Takes the highest empty one, so it never touches what tests or a developer keep.
 */
export async function claimRedisDb(base = 'redis://127.0.0.1:6379'): Promise<BenchRedis> {
  const client = createClient({ url: base, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  let db = -1;
  for (let i = 15; i >= 1; i--) {
    await client.select(i);
    if ((await client.dbSize()) === 0) {
      db = i;
      break;
    }
  }
  if (db < 0) {
    client.destroy();
    throw new Error('no empty Redis database (1–15) for the bench');
  }
  return {
    url: `${base}/${db}`,
    flush: async () => void (await client.flushDb()),
    close: async () => {
      await client.flushDb().catch(() => undefined);
      client.destroy();
    },
  };
}

export async function redisReachable(base = 'redis://127.0.0.1:6379'): Promise<boolean> {
  const client = createClient({ url: base, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}
