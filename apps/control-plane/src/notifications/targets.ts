import {
  type AlertChannelRecord,
  findMonitor,
  lastDownNoticeAt,
  listAlertChannels,
  type Queryable,
} from '@vantage/db';
import type { AlertEventKind } from '@vantage/domain';
import type { AlertEvent } from '@vantage/queue';

/** The `notifyOn` value that lets each event kind through; null for kinds every channel takes. */
const policyOf: Record<AlertEventKind, string | null> = {
  'monitor.down': 'down',
  'monitor.degraded': 'degraded',
  'monitor.recovered': 'recovered',
  'monitor.reminder': 'reminder',
  'tls.expiring': 'tls',
  'heartbeat.missed': 'heartbeat',
  'incident.created': 'incident',
  'incident.updated': 'incident',
  'incident.resolved': 'incident',
  test: null,
};

/**
 * The channels an event goes to: a monitor's `alertChannelIds`; for an incident without a monitor (a
 * manual one), every channel of the organization. Then each channel's policy: its `notifyOn`, and for
 * reminders its `reminderEveryMinutes` since the last down notice it was sent.
 */
export async function targetChannels(db: Queryable, event: AlertEvent): Promise<AlertChannelRecord[]> {
  let candidates: AlertChannelRecord[];
  if (event.monitorId) {
    const monitor = await findMonitor(db, event.orgId, event.monitorId);
    if (!monitor || monitor.spec.alertChannelIds.length === 0) return [];
    candidates = await listAlertChannels(db, event.orgId, monitor.spec.alertChannelIds);
  } else if (event.incidentId) {
    candidates = await listAlertChannels(db, event.orgId);
  } else {
    return [];
  }
  const policy = policyOf[event.kind];
  const wanted = candidates.filter((channel) => policy === null || channel.notifyOn.includes(policy));
  if (event.kind !== 'monitor.reminder' || !event.monitorId) return wanted;
  const due: AlertChannelRecord[] = [];
  for (const channel of wanted) {
    if (channel.reminderEveryMinutes === null) continue;
    const last = await lastDownNoticeAt(db, channel.id, event.monitorId);
    const dueAt = last ? last.getTime() + channel.reminderEveryMinutes * 60_000 : 0;
    if (Date.parse(event.at) >= dueAt) due.push(channel);
  }
  return due;
}
