import type { IncidentRecord, Queryable } from '@vantage/db';
import { insertOutbox } from '@vantage/db';
import type { AlertEvent } from '@vantage/queue';

/** What happened to an incident, for channels and status-page subscribers. */
export type IncidentChange = 'created' | 'updated' | 'resolved';

/** The alert event of an incident change; `key` tells apart several updates of one incident. */
export function incidentAlertEvent(
  incident: IncidentRecord,
  change: IncidentChange,
  key: string,
  message: string,
) {
  const event: AlertEvent = {
    eventId: `incident/${incident.id}/${change}/${key}`,
    kind: `incident.${change}`,
    orgId: incident.orgId,
    monitorId: incident.sourceMonitorId,
    incidentId: incident.id,
    at: new Date().toISOString(),
    title: `${change === 'resolved' ? 'Resolved: ' : ''}${incident.title}`.slice(0, 300),
    summary: [`Status: ${incident.status}`, `Impact: ${incident.impact}`, message]
      .filter(Boolean)
      .join('\n')
      .slice(0, 4000),
    regions: incident.affectedRegions,
  };
  return event;
}

/** Queues incident alert events in the write's transaction (delivered after it commits). */
export function queueIncidentEvents(db: Queryable, events: readonly AlertEvent[]): Promise<void> {
  return insertOutbox(
    db,
    events.map((payload) => ({ kind: 'alert_event' as const, payload })),
  );
}
