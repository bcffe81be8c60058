import { randomUUID } from 'node:crypto';
import type { DatabasePool } from '@vantage/db';
import type { Logger } from 'pino';
import { missedResults, nilProbeId, pushRegion } from './heartbeat-results.ts';
import { claimMissedHeartbeats } from './heartbeat-store.ts';
import type { ResultIngest } from './result-ingest.ts';

/** A running sweeper: `sweep()` runs one pass now; `stop()` ends the timer and waits for a pass in flight. */
export interface HeartbeatSweeper {
  sweep(): Promise<number>;
  /** True until `stop()` (readiness). */
  readonly running: boolean;
  stop(): Promise<void>;
}

/**
 * Writes one failing `push` row per missed heartbeat deadline. Claim and write share a transaction, so
 * a failed write is retried by the next pass and two instances never write the same miss.
 */
export async function sweepMissedHeartbeats(db: DatabasePool, ingest: ResultIngest): Promise<number> {
  return db.transaction(async (tx) => {
    const missed = await claimMissedHeartbeats(tx);
    const results = missed.flatMap(missedResults);
    if (results.length > 0)
      await ingest.submit({ batchId: randomUUID(), probeId: nilProbeId, region: pushRegion, results });
    return results.length;
  });
}

/** Starts sweeping every `intervalMs` (default 10 s); passes never overlap. */
export function startHeartbeatSweeper(options: {
  db: DatabasePool;
  ingest: ResultIngest;
  logger: Logger;
  intervalMs?: number;
}): HeartbeatSweeper {
  const intervalMs = options.intervalMs ?? 10_000;
  let running: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const sweep = () => {
    running ??= sweepMissedHeartbeats(options.db, options.ingest).finally(() => {
      running = null;
    });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      await sweep().catch((error) => options.logger.warn({ err: error }, 'heartbeat sweep failed'));
      schedule();
    }, intervalMs);
  };
  schedule();
  return {
    sweep,
    get running() {
      return !stopped;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
