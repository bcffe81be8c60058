import type { maintenanceWindowEndpoints } from '@vantage/api-contract';
import type { MaintenanceWindowRecord } from '@vantage/db';
import type { z } from 'zod';

/** Maintenance window record → API shape. */
export function toMaintenanceWindowDto(
  window: MaintenanceWindowRecord,
): z.input<typeof maintenanceWindowEndpoints.maintenanceWindowSchema> {
  return {
    id: window.id,
    title: window.title,
    monitorIds: window.monitorIds,
    startsAt: window.startsAt.toISOString(),
    endsAt: window.endsAt?.toISOString() ?? null,
    rrule: window.rrule,
    durationMinutes: window.durationMinutes,
    createdAt: window.createdAt.toISOString(),
    updatedAt: window.updatedAt.toISOString(),
  };
}
