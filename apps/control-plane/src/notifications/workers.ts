import { setDeliveryStatus } from '@vantage/db';
import { bullPrefix, createRedis, queueNames } from '@vantage/queue';
import { type Job, Worker } from 'bullmq';
import type { AppContext } from '../context.ts';
import type { ControlPlaneMetrics } from '../observability/metrics.ts';
import { deliverToSubscriber, markSubscriberDeliveryFailed } from '../services/subscribers/deliver.ts';
import { subscriberJobName } from '../services/subscribers/notify.ts';
import { deliverOnce } from './deliver.ts';
import { fanOutAlertEvent } from './fan-out.ts';
import { type DeliveryJob, type DeliveryPolicy, defaultDeliveryPolicy, openDeliveryQueue } from './queues.ts';

/** Options of the notification workers; tests shorten the retries and the stalled-job check. */
export interface NotificationWorkerOptions extends Partial<DeliveryPolicy> {
  /** Parallel sends per worker (default 8). */
  concurrency?: number;
  /** How long a worker's hold on a job lasts without renewal (BullMQ `lockDuration`, default 30 s). */
  lockDurationMs?: number;
  /** How often jobs held by a vanished worker are taken back (BullMQ `stalledInterval`, default 30 s). */
  stalledIntervalMs?: number;
  /** Where failed sends are counted (Prometheus). */
  metrics?: Pick<ControlPlaneMetrics, 'deliveryFailures'>;
}

/** Running notification workers. */
export interface NotificationWorkers {
  /** Both workers are taking jobs (readiness). */
  readonly running: boolean;
  stop(): Promise<void>;
}

/** Starts the `alert-events` (fan-out) and `deliveries` (send) workers on their own Redis connections. */
export function startNotificationWorkers(
  app: AppContext,
  options: NotificationWorkerOptions = {},
): NotificationWorkers {
  const policy: DeliveryPolicy = { ...defaultDeliveryPolicy, ...options };
  const prefix = bullPrefix(app.config.redisKeyPrefix);
  const connections = [createRedis(app.config.redisUrl), createRedis(app.config.redisUrl)];
  const producer = createRedis(app.config.redisUrl);
  for (const connection of [...connections, producer]) {
    connection.on('error', (error) => app.logger.warn({ err: error }, 'notification redis error'));
  }
  const deliveries = openDeliveryQueue(producer, app.config.redisKeyPrefix);
  // The producer connection logs its errors (above); unheard, BullMQ would print each one again.
  deliveries.on('error', () => {});
  const common = {
    prefix,
    concurrency: options.concurrency ?? 8,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
  };
  const fanOut = new Worker(
    queueNames.alertEvents,
    (job) => fanOutAlertEvent(app, deliveries, policy, job.data),
    {
      ...common,
      connection: connections[0]!,
    },
  );
  const send = (job: Job<DeliveryJob>) =>
    job.name === subscriberJobName ? deliverToSubscriber(app, job) : deliverOnce(app, job);
  const sender = new Worker<DeliveryJob>(queueNames.deliveries, send, {
    ...common,
    connection: connections[1]!,
  });
  for (const worker of [fanOut, sender]) {
    worker.on('error', (error) => app.logger.warn({ err: error }, `${worker.name} worker error`));
    worker.on('failed', (job, error) =>
      app.logger.info(
        { jobId: job?.id, attempts: job?.attemptsMade, err: error },
        `${worker.name} job failed`,
      ),
    );
  }
  sender.on('failed', (job) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    options.metrics?.deliveryFailures.inc({
      target: job.name === subscriberJobName ? 'subscriber' : 'channel',
      final: String(final),
    });
    // A job that ran out of attempts without a send recording it (its worker vanished mid-send).
    if (!final) return;
    const failed =
      job.name === subscriberJobName
        ? markSubscriberDeliveryFailed(app, job.data.deliveryId)
        : setDeliveryStatus(app.db, job.data.deliveryId, 'failed', { fromStatus: 'pending' });
    failed.catch((error) => app.logger.warn({ err: error }, 'could not mark a delivery failed'));
  });
  return {
    get running() {
      return fanOut.isRunning() && sender.isRunning();
    },
    async stop() {
      // Waits for sends in flight, so a stop never leaves a half-recorded attempt.
      await Promise.all([fanOut.close(), sender.close()]);
      await deliveries.close();
      for (const connection of [...connections, producer]) connection.disconnect();
    },
  };
}
