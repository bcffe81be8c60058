import { Redis } from 'ioredis';

export type { Redis };

/** Opens a Redis connection; `maxRetriesPerRequest: null` is what BullMQ workers require. */
export function createRedis(redisUrl: string, options: { lazy?: boolean } = {}): Redis {
  return new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    lazyConnect: options.lazy ?? false,
    enableReadyCheck: true,
  });
}

/** True when Redis answers PING within the timeout. */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  const pong = redis.ping().then((reply) => reply === 'PONG');
  return Promise.race([pong, timeout]);
}
