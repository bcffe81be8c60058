import type { MonitorSpec, OutageNotice } from '@vantage/domain';
import type { AlertEvent } from '@vantage/queue';

/** Human duration: "45 s", "12 min", "3 h 5 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function kindOf(notice: OutageNotice, spec: MonitorSpec): AlertEvent['kind'] {
  if (notice.kind === 'recovered') return 'monitor.recovered';
  if (notice.kind === 'degraded') return 'monitor.degraded';
  return spec.type === 'heartbeat' ? 'heartbeat.missed' : 'monitor.down';
}

function titleOf(notice: OutageNotice, spec: MonitorSpec): string {
  const where = notice.affectedRegions.length > 0 ? ` in ${notice.affectedRegions.join(', ')}` : '';
  if (notice.kind === 'recovered') {
    return `${spec.name} recovered after ${formatDuration(notice.at.getTime() - notice.outageSince.getTime())}`;
  }
  if (spec.type === 'heartbeat') return `${spec.name} missed its heartbeat`;
  return notice.kind === 'down' ? `${spec.name} is down${where}` : `${spec.name} is degraded${where}`;
}

/** The alert event of an outage notice; its id is derived from the monitor, kind and time (idempotent). */
export function noticeAlertEvent(
  ids: { orgId: string; monitorId: string },
  spec: MonitorSpec,
  notice: OutageNotice,
): AlertEvent {
  const kind = kindOf(notice, spec);
  const lines = [
    notice.affectedRegions.length > 0 ? `Regions: ${notice.affectedRegions.join(', ')}` : null,
    notice.failure ? `Failure: ${notice.failure}` : null,
    notice.error ? `Error: ${notice.error}` : null,
    notice.kind === 'recovered'
      ? `Outage lasted ${formatDuration(notice.at.getTime() - notice.outageSince.getTime())}`
      : null,
  ];
  return {
    eventId: `${ids.monitorId}/${kind}/${notice.at.getTime()}`,
    kind,
    orgId: ids.orgId,
    monitorId: ids.monitorId,
    incidentId: null,
    at: notice.at.toISOString(),
    title: titleOf(notice, spec).slice(0, 300),
    summary: lines
      .filter((line) => line !== null)
      .join('\n')
      .slice(0, 4000),
    regions: notice.affectedRegions,
  };
}
