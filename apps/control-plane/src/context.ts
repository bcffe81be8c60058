import type { DatabasePool } from '@vantage/db';
import type { Redis } from '@vantage/queue';
import type { ResultsStore } from '@vantage/results';
import type { Logger } from 'pino';
import type { ControlPlaneConfig } from './config.ts';
import type { ResultIngest } from './ingest/result-ingest.ts';
import type { Mailer } from './mail/mailer.ts';
import type { ControlPlaneMetrics } from './observability/metrics.ts';
import type { ProbeHub } from './probes/hub.ts';

/** Everything a request handler or worker may use; built once in server.ts. */
export interface AppContext {
  config: ControlPlaneConfig;
  db: DatabasePool;
  results: ResultsStore;
  redis: Redis;
  mailer: Mailer;
  logger: Logger;
  /** This instance's Prometheus metrics (served at `/metrics`). */
  metrics: ControlPlaneMetrics;
  /** Durable result storage (ClickHouse), shared by probe batches and heartbeat pings. */
  ingest: ResultIngest;
  /** The probe hub (started after the context, so reached through a function; api and grpc roles only). */
  probeHub(): ProbeHub;
}
