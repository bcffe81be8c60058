import type { IncidentRecord, Queryable } from '@vantage/db';
import { findOpenMonitorIncident, insertIncident, insertIncidentUpdate, updateIncident } from '@vantage/db';
import type { MonitorSpec, OutageNotice } from '@vantage/domain';
import type { AlertEvent } from '@vantage/queue';
import { formatDuration } from '../../evaluator/alert-events.ts';
import { incidentAlertEvent } from './events.ts';

/** The monitor an evaluation judged. */
export interface JudgedMonitor {
  orgId: string;
  monitorId: string;
  spec: MonitorSpec;
}

const where = (regions: readonly string[]) => (regions.length > 0 ? ` in ${regions.join(', ')}` : '');

async function open(db: Queryable, monitor: JudgedMonitor, notice: OutageNotice): Promise<AlertEvent[]> {
  const down = notice.kind === 'down';
  const incident = await insertIncident(db, {
    orgId: monitor.orgId,
    title: `${monitor.spec.name} is ${down ? 'down' : 'degraded'}`,
    status: 'investigating',
    impact: down ? 'major' : 'minor',
    sourceMonitorId: monitor.monitorId,
    monitorIds: [monitor.monitorId],
    affectedRegions: notice.affectedRegions,
    startedAt: notice.outageSince,
    createdBy: null,
  });
  const message = `${monitor.spec.name} is ${down ? 'down' : 'degraded'}${where(notice.affectedRegions)}${notice.error ? `: ${notice.error}` : ''}`;
  await insertIncidentUpdate(db, { ...ids(incident), status: 'investigating', message, createdBy: null });
  return [incidentAlertEvent(incident, 'created', String(notice.at.getTime()), message)];
}

function ids(incident: IncidentRecord) {
  return { orgId: incident.orgId, incidentId: incident.id };
}

async function escalate(
  db: Queryable,
  incident: IncidentRecord,
  monitor: JudgedMonitor,
  notice: OutageNotice,
) {
  const updated = await updateIncident(db, incident.orgId, incident.id, {
    title: `${monitor.spec.name} is down`,
    impact: 'major',
    affectedRegions: notice.affectedRegions,
  });
  const message = `${monitor.spec.name} is now down${where(notice.affectedRegions)}`;
  await insertIncidentUpdate(db, { ...ids(incident), status: incident.status, message, createdBy: null });
  return [incidentAlertEvent(updated ?? incident, 'updated', String(notice.at.getTime()), message)];
}

async function resolve(db: Queryable, incident: IncidentRecord, notice: OutageNotice) {
  const resolved = await updateIncident(db, incident.orgId, incident.id, {
    status: 'resolved',
    resolvedAt: notice.at,
  });
  const message = `Recovered after ${formatDuration(notice.at.getTime() - incident.startedAt.getTime())}`;
  await insertIncidentUpdate(db, { ...ids(incident), status: 'resolved', message, createdBy: null });
  return [incidentAlertEvent(resolved ?? incident, 'resolved', String(notice.at.getTime()), message)];
}

/**
 * Opens, escalates and resolves the monitor's automatic incident from an evaluation's notices, and adds
 * newly affected regions to it; run in the evaluation's transaction. Returns the incident alert events.
 */
export async function applyAutomaticIncidents(
  db: Queryable,
  monitor: JudgedMonitor,
  notices: readonly OutageNotice[],
  affectedRegions: readonly string[],
): Promise<AlertEvent[]> {
  const events: AlertEvent[] = [];
  for (const notice of notices) {
    const incident = await findOpenMonitorIncident(db, monitor.orgId, monitor.monitorId);
    if (notice.kind === 'recovered') {
      if (incident) events.push(...(await resolve(db, incident, notice)));
    } else if (!incident) {
      events.push(...(await open(db, monitor, notice)));
    } else if (notice.kind === 'down' && notice.previous === 'degraded') {
      events.push(...(await escalate(db, incident, monitor, notice)));
    }
  }
  // An incident keeps every region the outage reached, so it still names them once some recover.
  const incident = await findOpenMonitorIncident(db, monitor.orgId, monitor.monitorId);
  const reached = [...new Set([...(incident?.affectedRegions ?? []), ...affectedRegions])].sort();
  if (incident && reached.length !== incident.affectedRegions.length) {
    await updateIncident(db, monitor.orgId, incident.id, { affectedRegions: reached });
  }
  return events;
}
