import { bullPrefix, queueNames, type Redis } from '@vantage/queue';
import { Queue } from 'bullmq';
import type { ControlPlaneMetrics } from './metrics.ts';

/** Job states reported per queue. */
const states = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * Feeds the queue-depth gauge from BullMQ's job counts of every Vantage queue, read on the app's Redis
 * connection at each scrape. Returns the stop step that closes the queue handles (not the connection).
 */
export function watchQueueDepths(
  metrics: Pick<ControlPlaneMetrics, 'watchQueues'>,
  redis: Redis,
  redisKeyPrefix: string,
): () => Promise<void> {
  const queues = Object.values(queueNames).map(
    (name) => new Queue(name, { connection: redis, prefix: bullPrefix(redisKeyPrefix) }),
  );
  // Connection errors are the app connection's to report; a scrape just goes without queue depths.
  for (const queue of queues) queue.on('error', () => {});
  metrics.watchQueues(async () => {
    const counts = await Promise.all(queues.map((queue) => queue.getJobCounts(...states)));
    return Object.fromEntries(queues.map((queue, index) => [queue.name, counts[index]!]));
  });
  return async () => {
    await Promise.all(queues.map((queue) => queue.close()));
  };
}
