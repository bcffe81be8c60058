import { AsyncResource } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Queryable } from '@vantage/db';
import type { CheckResult } from '@vantage/domain';
import type { Redis } from '@vantage/queue';
import {
  type CheckResultRow,
  type ResultsStore,
  toCheckResultRow,
  writeCheckResults,
} from '@vantage/results';
import type { Logger } from 'pino';
import type { ControlPlaneMetrics } from '../observability/metrics.ts';
import { createMonitorOwners } from './monitor-owners.ts';
import type { ResultSink } from './result-sink.ts';

/** A batch of results one probe sent; `batchId` makes a re-send recognisable. */
export interface ResultBatch {
  batchId: string;
  probeId: string;
  region: string;
  results: CheckResult[];
}

/** Counters of what the ingest wrote (for tests and metrics). */
export interface IngestStats {
  inserts: number;
  rows: number;
  skippedBatches: number;
  droppedResults: number;
}

/** Turns result batches into ClickHouse rows: coalesced, idempotent, durable before `submit` resolves. */
export interface ResultIngest {
  /** Resolves once every result of the batch is durable in ClickHouse (or the batch was already). */
  submit(batch: ResultBatch): Promise<void>;
  readonly stats: IngestStats;
  /** Flushes pending rows, then refuses new batches. */
  close(): Promise<void>;
}

/** What the ingest needs; `maxRows`/`maxDelayMs` bound each insert (flush at either). */
export interface ResultIngestOptions {
  db: Queryable;
  results: ResultsStore;
  redis: Redis;
  redisKeyPrefix: string;
  logger: Logger;
  sink: ResultSink;
  /** Where rows written and batch sizes are counted (Prometheus); none in unit tests. */
  metrics?: Pick<ControlPlaneMetrics, 'ingestRows' | 'ingestInsertRows' | 'ingestBatchResults'>;
  maxRows?: number;
  maxDelayMs?: number;
  ownerCacheMs?: number;
}

interface Waiter {
  batchId: string;
  results: CheckResult[];
  resolve(): void;
  reject(error: unknown): void;
}

const durableBatchSeconds = 86_400;

// An insert is tried this many times (0.5 s, 1 s between) before its batches are rejected.
const insertAttempts = 3;

// How soon rows holding a failing result are inserted and evaluated.
const failureDelayMs = 100;

/** Builds the ingest; call `close()` on stop. */
export function createResultIngest(options: ResultIngestOptions): ResultIngest {
  const { redis, logger, sink, metrics } = options;
  const maxRows = options.maxRows ?? 5_000;
  const maxDelayMs = options.maxDelayMs ?? 1_000;
  const owners = createMonitorOwners(options.db, options.ownerCacheMs);
  const stats: IngestStats = { inserts: 0, rows: 0, skippedBatches: 0, droppedResults: 0 };
  const keyOf = (batchId: string) => `${options.redisKeyPrefix}ingest:batch:${batchId}`;
  let rows: CheckResultRow[] = [];
  let waiters: Waiter[] = [];
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let urgent = false;
  const flushing = new Set<Promise<void>>();
  const preparing = new Set<Promise<unknown>>();
  // A batch already waiting in this instance is joined, not queued twice.
  const pendingBatches = new Map<string, Promise<void>>();

  async function isDurable(batchId: string): Promise<boolean> {
    try {
      return (await redis.exists(keyOf(batchId))) === 1;
    } catch (error) {
      // Without Redis a re-sent batch is inserted again; result_id deduplication still hides it.
      logger.warn({ err: error }, 'ingest: cannot read durable batch ids');
      return false;
    }
  }

  async function markDurable(batchIds: string[]): Promise<void> {
    try {
      const pipeline = redis.pipeline();
      for (const id of batchIds) pipeline.set(keyOf(id), '1', 'EX', durableBatchSeconds, 'NX');
      await pipeline.exec();
    } catch (error) {
      logger.warn({ err: error }, 'ingest: cannot record durable batch ids');
    }
  }

  /**
   * Inserts, retrying a failed insert with the same deduplication token: an insert that reported failure
   * may still have written, and the token lets ClickHouse skip the block it already has. Only after the
   * retries are the batches rejected (the probe then keeps and re-sends them).
   */
  async function insertWithRetries(batchRows: typeof rows, batchIds: string[]): Promise<void> {
    const deduplicationToken = createHash('sha256')
      .update([...batchIds].sort().join(','))
      .digest('hex');
    for (let attempt = 1; ; attempt += 1) {
      try {
        await writeCheckResults(options.results, batchRows, { deduplicationToken });
        return;
      } catch (error) {
        if (attempt >= insertAttempts || closed) throw error;
        logger.warn({ err: error, attempt }, 'ingest: insert failed, retrying');
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    urgent = false;
    const taken = { rows, waiters };
    rows = [];
    waiters = [];
    if (taken.waiters.length === 0) return Promise.resolve();
    const run = (async () => {
      try {
        await insertWithRetries(
          taken.rows,
          taken.waiters.map((waiter) => waiter.batchId),
        );
        stats.inserts += taken.rows.length > 0 ? 1 : 0;
        stats.rows += taken.rows.length;
        if (taken.rows.length > 0) {
          metrics?.ingestRows.inc(taken.rows.length);
          metrics?.ingestInsertRows.observe(taken.rows.length);
        }
      } catch (error) {
        logger.warn({ err: error, rows: taken.rows.length }, 'ingest: insert failed');
        for (const waiter of taken.waiters) waiter.reject(error);
        return;
      }
      await markDurable(taken.waiters.map((waiter) => waiter.batchId));
      for (const waiter of taken.waiters) waiter.resolve();
      const accepted = taken.waiters.flatMap((waiter) => waiter.results);
      if (accepted.length > 0)
        await sink.accept(accepted).catch((error) => logger.warn({ err: error }, 'ingest: sink failed'));
    })();
    flushing.add(run);
    return run.finally(() => flushing.delete(run));
  }

  // Resolves once the batch is durable; `preparing` tracks it until its rows are queued.
  async function enqueue(batch: ResultBatch): Promise<void> {
    const queued = queueDetached(batch);
    preparing.add(queued);
    const { durable } = await queued.finally(() => preparing.delete(queued));
    return durable;
  }

  // Checks and converts a batch and queues its rows (nothing when it is already durable).
  async function queueBatch(batch: ResultBatch): Promise<{ durable: Promise<void> }> {
    if (await isDurable(batch.batchId)) {
      stats.skippedBatches += 1;
      return { durable: Promise.resolve() };
    }
    metrics?.ingestBatchResults.observe(batch.results.length);
    const found = await owners.lookup(batch.results.map((result) => result.monitorId));
    const kept = batch.results.filter((result) => found.get(result.monitorId));
    const dropped = batch.results.length - kept.length;
    if (dropped > 0) {
      stats.droppedResults += dropped;
      logger.debug({ batchId: batch.batchId, dropped }, 'ingest: results of unknown monitors dropped');
    }
    const durable = new Promise<void>((resolve, reject) => {
      waiters.push({ batchId: batch.batchId, results: kept, resolve, reject });
    });
    for (const result of kept) {
      const owner = found.get(result.monitorId)!;
      rows.push(toCheckResultRow(result, { ...owner, batchId: batch.batchId }));
    }
    if (rows.length >= maxRows) void flush();
    else if (kept.some((result) => !result.ok) && !urgent) {
      // Failures decide alerts: store them (and evaluate) within failureDelayMs, not maxDelayMs.
      // Under an outage this allows up to ~1000 / failureDelayMs inserts per second.
      urgent = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void flush(), failureDelayMs);
    } else timer ??= setTimeout(() => void flush(), maxDelayMs);
    return { durable };
  }

  // Runs in the context the ingest was created in, not the caller's: a caller inside a Postgres
  // transaction (the heartbeat sweeper) must not capture the ingest's own queries and timers.
  const queueDetached = AsyncResource.bind(queueBatch);

  return {
    stats,
    submit(batch) {
      if (closed) return Promise.reject(new Error('result ingest is closed'));
      const pending = pendingBatches.get(batch.batchId);
      if (pending) return pending;
      const run = enqueue(batch).finally(() => pendingBatches.delete(batch.batchId));
      pendingBatches.set(batch.batchId, run);
      return run;
    },
    async close() {
      closed = true;
      // Batches already accepted are still written: wait until they are queued, then flush them.
      await Promise.allSettled([...preparing]);
      await flush();
      await Promise.allSettled([...flushing]);
    },
  };
}
