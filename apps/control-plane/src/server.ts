import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatabasePool, migrateDatabase } from '@vantage/db';
import { createRedis } from '@vantage/queue';
import { migrateResults, openResultsStore, resultsMigrationsDirOf } from '@vantage/results';
import type { DestinationStream } from 'pino';
import type { ControlPlaneConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { createEvaluator } from './evaluator/index.ts';
import { createHttpApp, createOpsHttpApp } from './http/app.ts';
import { createResultIngest, startHeartbeatSweeper } from './ingest/index.ts';
import { createLogMailer, createSmtpMailer } from './mail/mailer.ts';
import { startNotificationWorkers } from './notifications/workers.ts';
import { createLogger } from './observability/logger.ts';
import { createControlPlaneMetrics } from './observability/metrics.ts';
import { watchQueueDepths } from './observability/queue-depths.ts';
import { createReadiness, type Readiness } from './observability/readiness.ts';
import { startProbeServer } from './probes/grpc-server.ts';
import { type ProbeHub, startProbeHub } from './probes/hub.ts';

/** A started control plane: its URL and the one call that stops everything it started. */
export interface RunningControlPlane {
  url: string;
  /** Port of the probes' gRPC endpoint; 0 when this instance does not have the `grpc` role. */
  grpcPort: number;
  context: AppContext;
  stop(): Promise<void>;
}

/** How to start: where logs go (stdout unless given; tests capture them). */
export interface StartOptions {
  logDestination?: DestinationStream;
}

/**
 * Migrates the stores, opens every connection and starts the parts of the configured roles:
 * - every role: the stores, the result ingest and the evaluator's result path (results arrive in each
 *   role: probe batches over gRPC, heartbeat pings over REST, missed heartbeats from the worker), and an
 *   HTTP server on PORT — the whole REST API with `api`, otherwise only health, ready and metrics;
 * - `api` and `grpc`: the probe hub (`api` relays "check now" requests through it to the probes);
 * - `grpc`: the probes' gRPC server;
 * - `worker`: the evaluator's sweeps and reminders, the notification workers, the heartbeat sweeper.
 */
export async function startControlPlane(
  config: ControlPlaneConfig,
  options: StartOptions = {},
): Promise<RunningControlPlane> {
  const logger = createLogger(config, options.logDestination);
  const metrics = createControlPlaneMetrics(config.roles);
  const readiness = createReadiness();
  const has = (role: ControlPlaneConfig['roles'][number]) => config.roles.includes(role);
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    readiness.drain();
    // Each step is bounded, so a store that is already gone (Redis killed first) cannot hang the stop.
    for (const close of stops.reverse()) {
      await boundedStep(close, stopStepTimeoutMs).catch((error) =>
        logger.warn({ err: error }, 'stop failed'),
      );
    }
  };
  try {
    if (config.appKeyDerived) {
      logger.warn(
        'APP_KEY is not set: secrets are encrypted with a key derived from DATABASE_URL; set APP_KEY',
      );
    }
    await migrateDatabase(config.databaseUrl);
    const db = await createDatabasePool(config.databaseUrl);
    stops.push(() => db.end());
    const results = await openResultsStore(config.results, config.resultsDatabase);
    stops.push(() => results.client.close());
    await migrateResults(results, resultsMigrationsDirOf(config.resultsSchema));
    const redis = createRedis(config.redisUrl);
    stops.push(async () => redis.disconnect());
    redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
    stops.push(watchQueueDepths(metrics, redis, config.redisKeyPrefix));

    const mailer = config.smtpUrl
      ? createSmtpMailer(config.smtpUrl, config.mailFrom)
      : createLogMailer(logger);
    stops.push(() => mailer.close());
    const evaluator = createEvaluator({ db, results, redis, config, logger }, { metrics });
    stops.push(() => evaluator.stop());
    const ingest = createResultIngest({
      db,
      results,
      redis,
      redisKeyPrefix: config.redisKeyPrefix,
      logger,
      sink: evaluator,
      metrics,
    });
    stops.push(() => ingest.close());
    let hub: ProbeHub | null = null;
    const context: AppContext = {
      config,
      db,
      results,
      redis,
      mailer,
      logger,
      metrics,
      ingest,
      probeHub: () => {
        if (!hub) throw new Error(`the probe hub does not run in roles ${config.roles.join(',')}`);
        return hub;
      },
    };
    let grpcPort = 0;
    if (has('api') || has('grpc')) {
      const started = await startProbeHub(context);
      hub = started;
      metrics.watchProbes(() => started.connectedProbes());
      readiness.add('probe-hub', () => started.subscribed);
      if (has('grpc')) {
        const probeServer = await startProbeServer(context, started, ingest).catch(async (error) => {
          await started.stop();
          throw error;
        });
        stops.push(() => probeServer.stop());
        grpcPort = probeServer.port;
      } else {
        stops.push(() => started.stop());
      }
    }
    const server = await startHttpServer(context, readiness, stops);
    if (has('worker')) startWorkers(context, evaluator, readiness, stops);
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host}:${port}`;
    logger.info({ url, grpcPort: grpcPort || null, roles: config.roles }, 'control plane listening');
    return { url, grpcPort, context, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The HTTP server on PORT: the REST API with the `api` role, else only health, ready and metrics. */
async function startHttpServer(
  context: AppContext,
  readiness: Readiness,
  stops: Array<() => Promise<unknown>>,
): Promise<Server> {
  const { config } = context;
  const inFlight = { count: 0 };
  const koa = config.roles.includes('api')
    ? createHttpApp(context, readiness)
    : createOpsHttpApp(context, readiness);
  // Counted so a stop lets requests in flight finish before the pools close under them.
  koa.middleware.unshift(async (_ctx, next) => {
    inFlight.count += 1;
    try {
      await next();
    } finally {
      inFlight.count -= 1;
    }
  });
  const server = koa.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  stops.push(() => closeGracefully(server, inFlight, 10_000));
  readiness.add('http', () => server.listening);
  return server;
}

/** The `worker` role: evaluator sweeps and reminders, notification workers, heartbeat sweeper. */
function startWorkers(
  context: AppContext,
  evaluator: ReturnType<typeof createEvaluator>,
  readiness: Readiness,
  stops: Array<() => Promise<unknown>>,
): void {
  const notifications = startNotificationWorkers(context, { metrics: context.metrics });
  stops.push(() => notifications.stop());
  readiness.add('notification-workers', () => notifications.running);
  evaluator.start();
  readiness.add('evaluator', () => evaluator.running);
  const sweeper = startHeartbeatSweeper({ db: context.db, ingest: context.ingest, logger: context.logger });
  stops.push(() => sweeper.stop());
  readiness.add('heartbeat-sweeper', () => sweeper.running);
}

/** Stops accepting connections and waits (up to the deadline) until no request is in flight. */
async function closeGracefully(
  server: Server,
  inFlight: { count: number },
  deadlineMs: number,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + deadlineMs;
  while (inFlight.count > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  server.closeAllConnections();
  await closed;
}

const stopStepTimeoutMs = 10_000;

/** Runs one stop step, giving up (with an error) after the timeout. */
function boundedStep(step: () => Promise<unknown>, timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stop step did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([step(), timeout]).finally(() => clearTimeout(timer));
}
