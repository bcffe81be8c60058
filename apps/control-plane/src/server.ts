import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatabasePool, migrateDatabase } from '@vantage/db';
import { createRedis } from '@vantage/queue';
import { migrateResults, openResultsStore } from '@vantage/results';
import { pino } from 'pino';
import type { ControlPlaneConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { createEvaluator } from './evaluator/index.ts';
import { createHttpApp } from './http/app.ts';
import { createResultIngest, startHeartbeatSweeper } from './ingest/index.ts';
import { createLogMailer, createSmtpMailer } from './mail/mailer.ts';
import { startNotificationWorkers } from './notifications/workers.ts';
import { type RunningProbeServer, startProbeServer } from './probes/grpc-server.ts';

/** A started control plane: its URL and the one call that stops everything it started. */
export interface RunningControlPlane {
  url: string;
  /** Port of the probes' gRPC endpoint. */
  grpcPort: number;
  context: AppContext;
  stop(): Promise<void>;
}

/** Migrates the stores, opens every connection and starts the HTTP server. */
export async function startControlPlane(config: ControlPlaneConfig): Promise<RunningControlPlane> {
  const logger = pino({ level: config.logLevel, base: { service: 'control-plane' } });
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
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
    await migrateResults(results);
    const redis = createRedis(config.redisUrl);
    stops.push(async () => redis.disconnect());
    redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));

    const mailer = config.smtpUrl
      ? createSmtpMailer(config.smtpUrl, config.mailFrom)
      : createLogMailer(logger);
    stops.push(() => mailer.close());
    const evaluator = createEvaluator({ db, results, redis, config, logger });
    stops.push(() => evaluator.stop());
    const ingest = createResultIngest({
      db,
      results,
      redis,
      redisKeyPrefix: config.redisKeyPrefix,
      logger,
      sink: evaluator,
    });
    stops.push(() => ingest.close());
    let probeServer: RunningProbeServer | null = null;
    const context: AppContext = {
      config,
      db,
      results,
      redis,
      mailer,
      logger,
      ingest,
      probeHub: () => {
        if (!probeServer) throw new Error('the probe server has not started');
        return probeServer.hub;
      },
    };
    const startedProbeServer = await startProbeServer(context, ingest);
    probeServer = startedProbeServer;
    stops.push(() => startedProbeServer.stop());
    const inFlight = { count: 0 };
    const koa = createHttpApp(context);
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
    const notifications = startNotificationWorkers(context);
    stops.push(() => notifications.stop());
    evaluator.start();
    const sweeper = startHeartbeatSweeper({ db, ingest, logger });
    stops.push(() => sweeper.stop());
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host}:${port}`;
    logger.info({ url }, 'control plane listening');
    return { url, grpcPort: startedProbeServer.port, context, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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
