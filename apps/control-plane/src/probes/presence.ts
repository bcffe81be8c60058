import type { Redis } from '@vantage/queue';

/** How long a probe counts as live without a refresh; refreshed every `presenceRefreshMs`. */
export const presenceTtlMs = 15_000;
/** How often the instance holding a probe's stream refreshes its presence. */
export const presenceRefreshMs = 5_000;

/** Probe presence in Redis, shared by every control-plane instance: one sorted set per region, scored by expiry. */
export interface ProbePresence {
  markAlive(region: string, probeId: string): Promise<void>;
  markGone(region: string, probeId: string): Promise<void>;
  /** The probes of a region whose presence has not expired, sorted. */
  live(region: string): Promise<string[]>;
}

/** Presence stored under `${prefix}presence:<region>`. */
export function createProbePresence(redis: Redis, prefix: string): ProbePresence {
  const key = (region: string) => `${prefix}presence:${region}`;
  return {
    async markAlive(region, probeId) {
      await redis.zadd(key(region), Date.now() + presenceTtlMs, probeId);
    },
    async markGone(region, probeId) {
      await redis.zrem(key(region), probeId);
    },
    async live(region) {
      const now = Date.now();
      await redis.zremrangebyscore(key(region), '-inf', now);
      return (await redis.zrangebyscore(key(region), now, '+inf')).sort();
    },
  } satisfies ProbePresence;
}
