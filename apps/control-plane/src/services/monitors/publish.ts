import type { MonitorRecord } from '@vantage/db';
import { monitorFingerprint } from '@vantage/domain';
import type { AppContext } from '../../context.ts';

/**
 * A monitor change as published on `<prefix>monitor-changes`: `upsert` when probes in `regions` should run
 * the monitor (at `fingerprint`), `remove` when they should stop (paused, deleted, or a region dropped).
 */
export interface MonitorChange {
  kind: 'upsert' | 'remove';
  orgId: string;
  monitorId: string;
  regions: string[];
  fingerprint: string;
}

/** The Redis channel monitor changes are published on. */
export function monitorChangesChannel(app: AppContext): string {
  return `${app.config.redisKeyPrefix}monitor-changes`;
}

/** What probes must learn about `monitor` as it now is (`before`: as it was, to drop regions it left). */
export function changesOf(monitor: MonitorRecord, before: MonitorRecord | null = null): MonitorChange[] {
  const base = { orgId: monitor.orgId, monitorId: monitor.id, fingerprint: monitorFingerprint(monitor.spec) };
  if (monitor.paused) return [{ kind: 'remove', ...base, regions: monitor.spec.regions }];
  const changes: MonitorChange[] = [];
  const left = (before?.spec.regions ?? []).filter((region) => !monitor.spec.regions.includes(region));
  if (left.length > 0 && before) {
    changes.push({ kind: 'remove', ...base, fingerprint: monitorFingerprint(before.spec), regions: left });
  }
  changes.push({ kind: 'upsert', ...base, regions: monitor.spec.regions });
  return changes;
}

/** The change that tells probes a deleted monitor is gone. */
export function removalOf(monitor: MonitorRecord): MonitorChange[] {
  const fingerprint = monitorFingerprint(monitor.spec);
  return [
    {
      kind: 'remove',
      orgId: monitor.orgId,
      monitorId: monitor.id,
      regions: monitor.spec.regions,
      fingerprint,
    },
  ];
}

const publishWaitMs = 1_000;

/**
 * Publishes changes in order; call it only after the transaction that made them committed. The write
 * already happened, so a Redis failure is logged rather than failing the request, and the request waits
 * at most a second (the shared connection queues commands while Redis is away).
 */
export async function publishMonitorChanges(
  app: AppContext,
  changes: readonly MonitorChange[],
): Promise<void> {
  const channel = monitorChangesChannel(app);
  // One connection keeps commands in order, so a removal always precedes the upsert that follows it.
  const sent = Promise.all(
    changes.map((change) =>
      app.redis.publish(channel, JSON.stringify(change)).catch((error: unknown) => {
        app.logger.error({ err: error, change }, 'publishing a monitor change failed');
      }),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, publishWaitMs);
  });
  await Promise.race([sent, waited]);
  clearTimeout(timer);
}
