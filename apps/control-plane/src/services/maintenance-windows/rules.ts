import type { MaintenanceWindowInput, OrganizationRecord, Queryable } from '@vantage/db';
import { checkFeature, limitExceededError, plans, ServiceError } from '@vantage/domain';
import { vetMonitorIds } from '../incidents/monitor-ids.ts';
import { parseRecurrence } from './schedule.ts';

/** A window as the API writes it (ISO strings). */
export interface WindowBody {
  title: string;
  monitorIds: string[];
  startsAt: string;
  endsAt: string | null;
  rrule: string | null;
  durationMinutes: number | null;
}

/** Refuses organizations whose plan has no maintenance windows (402). */
export function requireMaintenanceFeature(organization: OrganizationRecord): void {
  const violation = checkFeature(plans[organization.plan], 'maintenance_windows');
  if (violation) throw limitExceededError(violation);
}

/** Checks the rrule and the monitors (400 naming the field) and returns what to store. */
export async function vetWindow(
  db: Queryable,
  orgId: string,
  body: WindowBody,
): Promise<MaintenanceWindowInput> {
  const startsAt = new Date(body.startsAt);
  if (body.rrule !== null) {
    const rule = parseRecurrence(body.rrule, startsAt);
    if (typeof rule === 'string') {
      throw new ServiceError('validation', 'Invalid recurrence rule', [
        { path: 'body.rrule', message: rule },
      ]);
    }
  }
  await vetMonitorIds(db, orgId, body.monitorIds, 'body.monitorIds');
  return {
    title: body.title,
    monitorIds: body.monitorIds,
    startsAt,
    endsAt: body.endsAt === null ? null : new Date(body.endsAt),
    rrule: body.rrule === null ? null : body.rrule.replace(/^RRULE:/i, ''),
    durationMinutes: body.durationMinutes,
  };
}
