import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ControlPlaneRole } from '../config.ts';

/** What the queue-depth gauge reads: job counts by state of each BullMQ queue. */
export type QueueCounts = () => Promise<Record<string, Record<string, number>>>;

/** The control plane's Prometheus metrics: one registry per instance (two instances may share a process). */
export interface ControlPlaneMetrics {
  registry: Registry;
  /** Seconds per HTTP request, by route id (the endpoint id), method and status. */
  httpRequestSeconds: Histogram<'route' | 'method' | 'status'>;
  /** Check results written to ClickHouse. */
  ingestRows: Counter;
  /** Rows per ClickHouse insert. */
  ingestInsertRows: Histogram;
  /** Results per batch a probe (or the heartbeat path) submitted. */
  ingestBatchResults: Histogram;
  /** Now minus the check time of each result the evaluator evaluated. */
  evaluatorLagSeconds: Histogram;
  /** Failed sends; `final` when no retry is left. */
  deliveryFailures: Counter<'target' | 'final'>;
  /** Makes the queue-depth gauge read `counts` at each scrape. */
  watchQueues(counts: QueueCounts): void;
  /** Makes the connected-probes gauge read `connected` (region → probes on this instance) at each scrape. */
  watchProbes(connected: () => Map<string, number>): void;
}

const scrapeTimeoutMs = 1_000;

/** Builds the metrics of one control-plane instance; the roles label the info gauge. */
export function createControlPlaneMetrics(roles: readonly ControlPlaneRole[]): ControlPlaneMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vantage_process_' });
  const registers = [registry];
  new Gauge({
    name: 'vantage_control_plane_info',
    help: 'Always 1; the roles label says what this instance runs',
    labelNames: ['roles'],
    registers,
  }).set({ roles: [...roles].sort().join(',') }, 1);
  let queueCounts: QueueCounts | null = null;
  let connectedProbes: (() => Map<string, number>) | null = null;
  new Gauge({
    name: 'vantage_queue_jobs',
    help: 'Jobs in each BullMQ queue by state',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      if (!queueCounts) return;
      // Redis may be down: a scrape answers without queue depths rather than hanging.
      const counts = await withTimeout(queueCounts(), scrapeTimeoutMs).catch(() => null);
      this.reset();
      for (const [queue, states] of Object.entries(counts ?? {})) {
        for (const [state, count] of Object.entries(states)) this.set({ queue, state }, count);
      }
    },
  });
  new Gauge({
    name: 'vantage_probes_connected',
    help: 'Probe streams this instance holds, by region',
    labelNames: ['region'],
    registers,
    collect() {
      if (!connectedProbes) return;
      this.reset();
      for (const [region, count] of connectedProbes()) this.set({ region }, count);
    },
  });
  return {
    registry,
    httpRequestSeconds: new Histogram({
      name: 'vantage_http_request_duration_seconds',
      help: 'HTTP request latency by route id, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    ingestRows: new Counter({
      name: 'vantage_ingest_rows_total',
      help: 'Check results written to ClickHouse (rate() gives rows per second)',
      registers,
    }),
    ingestInsertRows: new Histogram({
      name: 'vantage_ingest_insert_rows',
      help: 'Rows per ClickHouse insert',
      buckets: [1, 10, 50, 100, 500, 1_000, 2_000, 5_000, 10_000],
      registers,
    }),
    ingestBatchResults: new Histogram({
      name: 'vantage_ingest_batch_results',
      help: 'Results per submitted batch (probe batches and heartbeat writes)',
      buckets: [1, 5, 10, 50, 100, 250, 500, 1_000],
      registers,
    }),
    evaluatorLagSeconds: new Histogram({
      name: 'vantage_evaluator_lag_seconds',
      help: 'Time from a check to its evaluation',
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
      registers,
    }),
    deliveryFailures: new Counter({
      name: 'vantage_delivery_failures_total',
      help: 'Failed notification sends (alert channels and status-page subscribers); final = no retry left',
      labelNames: ['target', 'final'],
      registers,
    }),
    watchQueues(counts) {
      queueCounts = counts;
    },
    watchProbes(connected) {
      connectedProbes = connected;
    },
  };
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
