import {
  claimDueReminders,
  insertOutbox,
  listMonitorsInMaintenance,
  listMonitorsWithStaleRegions,
} from '@vantage/db';
import type { CheckResult } from '@vantage/domain';
import type { AlertEvent } from '@vantage/queue';
import type { Queue } from 'bullmq';
import type { AppContext } from '../context.ts';
import type { ResultSink } from '../ingest/result-sink.ts';
import { openAlertEventQueue } from '../notifications/queues.ts';
import type { ControlPlaneMetrics } from '../observability/metrics.ts';
import { activeMaintenance } from '../services/maintenance-windows/schedule.ts';
import { formatDuration } from './alert-events.ts';
import { evaluateMonitorNow } from './evaluate.ts';
import { deliverOutbox } from './outbox.ts';

/** The evaluator: a result sink plus the sweeps that move status without new results. */
export interface Evaluator extends ResultSink {
  /** The BullMQ queue alert events go to. */
  readonly alertQueue: Queue<AlertEvent>;
  /** Re-evaluates monitors whose regions went stale or whose maintenance began or ended; returns how many. */
  sweep(now?: Date): Promise<number>;
  /** Enqueues the `monitor.reminder` events that are due; returns how many. */
  remind(): Promise<number>;
  /** Starts the sweep (every 15 s) and reminder (every 30 s) timers. */
  start(): void;
  /** Stops the timers, waits for passes in flight and closes the queue. */
  stop(): Promise<void>;
  /** True between `start()` and `stop()`: the sweeps are scheduled (readiness). */
  readonly running: boolean;
}

/** Evaluator settings. */
export interface EvaluatorOptions {
  sweepIntervalMs?: number;
  reminderIntervalMs?: number;
  /** Reminders repeat this often while a monitor stays down (no per-monitor setting yet: 60 min). */
  reminderPeriodMs?: number;
  /** Monitors evaluated at once. */
  concurrency?: number;
  /** Where the lag from check to evaluation is observed (Prometheus). */
  metrics?: Pick<ControlPlaneMetrics, 'evaluatorLagSeconds'>;
}

async function eachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function reminderEvent(reminder: Awaited<ReturnType<typeof claimDueReminders>>[number]): AlertEvent {
  const downForMs = Date.now() - reminder.outageSince.getTime();
  return {
    eventId: `${reminder.monitorId}/monitor.reminder/${reminder.outageSince.getTime()}/${reminder.sequence}`,
    kind: 'monitor.reminder',
    orgId: reminder.orgId,
    monitorId: reminder.monitorId,
    incidentId: null,
    at: new Date().toISOString(),
    title: `${reminder.monitorName} is still down (for ${formatDuration(downForMs)})`.slice(0, 300),
    summary: `Down since ${reminder.outageSince.toISOString()}`,
    regions: reminder.affectedRegions,
  };
}

/** What the evaluator uses (no ingest: it is the ingest's sink, so it is built before the ingest). */
export type EvaluatorContext = Pick<AppContext, 'db' | 'results' | 'redis' | 'config' | 'logger'>;

/** Builds the evaluator (DESIGN.md §6) on the app's stores; `start()` its timers, `stop()` on shutdown. */
export function createEvaluator(app: EvaluatorContext, options: EvaluatorOptions = {}): Evaluator {
  const alertQueue = openAlertEventQueue(app.redis, app.config.redisKeyPrefix);
  // Connection errors are logged by the app's Redis connection; unheard, BullMQ prints each one.
  alertQueue.on('error', () => {});
  const concurrency = options.concurrency ?? 8;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>) => {
    running.add(work);
    return work.finally(() => running.delete(work));
  };
  const evaluateAll = async (groups: Map<string, CheckResult[]>, now: Date) => {
    await eachLimited([...groups], concurrency, ([monitorId, results]) =>
      evaluateMonitorNow(app, monitorId, results, now),
    );
    await deliverOutbox(app, alertQueue);
    for (const results of groups.values()) {
      for (const result of results) {
        options.metrics?.evaluatorLagSeconds.observe((Date.now() - result.startedAt.getTime()) / 1000);
      }
    }
  };
  let started = false;

  const evaluator: Evaluator = {
    alertQueue,
    get running() {
      return started;
    },
    accept(results) {
      const groups = new Map<string, CheckResult[]>();
      for (const result of results) {
        const group = groups.get(result.monitorId) ?? [];
        group.push(result);
        groups.set(result.monitorId, group);
      }
      return track(evaluateAll(groups, new Date()));
    },
    sweep(now = new Date()) {
      return track(
        (async () => {
          const stale = await listMonitorsWithStaleRegions(app.db);
          const inWindow = await activeMaintenance(app.db, null, now);
          const shownInMaintenance = new Set(await listMonitorsInMaintenance(app.db));
          const entering = [...inWindow.keys()].filter((id) => !shownInMaintenance.has(id));
          const leaving = [...shownInMaintenance].filter((id) => !inWindow.has(id));
          const ids = new Set([...stale, ...entering, ...leaving]);
          await evaluateAll(new Map([...ids].map((id) => [id, []])), now);
          return ids.size;
        })(),
      );
    },
    remind() {
      const periodMs = options.reminderPeriodMs ?? 60 * 60_000;
      return track(
        (async () => {
          const due = await app.db.transaction(async (tx) => {
            const claimed = await claimDueReminders(tx, periodMs);
            await insertOutbox(
              tx,
              claimed.map((reminder) => ({ kind: 'alert_event' as const, payload: reminderEvent(reminder) })),
            );
            return claimed.length;
          });
          await deliverOutbox(app, alertQueue);
          return due;
        })(),
      );
    },
    start() {
      const every = (ms: number, pass: () => Promise<unknown>, what: string) => {
        let busy = false;
        const timer = setInterval(() => {
          if (busy) return;
          busy = true;
          pass()
            .catch((error) => app.logger.warn({ err: error }, `evaluator ${what} failed`))
            .finally(() => {
              busy = false;
            });
        }, ms);
        timers.push(timer);
      };
      every(options.sweepIntervalMs ?? 15_000, () => evaluator.sweep(), 'sweep');
      every(options.reminderIntervalMs ?? 30_000, () => evaluator.remind(), 'reminders');
      started = true;
    },
    async stop() {
      started = false;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
      await alertQueue.close();
    },
  };
  return evaluator;
}
