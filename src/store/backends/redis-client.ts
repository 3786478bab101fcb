import type { createClient } from '@keyv/redis';

export type RedisClient = ReturnType<typeof createClient>;
