import type { incidentEndpoints } from '@vantage/api-contract';
import type { IncidentRecord, IncidentUpdateRecord } from '@vantage/db';
import type { z } from 'zod';

/** Incident record → API shape (without updates). */
export function toIncidentDto(incident: IncidentRecord): z.input<typeof incidentEndpoints.incidentSchema> {
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    impact: incident.impact,
    automatic: incident.sourceMonitorId !== null,
    monitorIds: incident.monitorIds,
    affectedRegions: incident.affectedRegions,
    startedAt: incident.startedAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    durationSeconds: incident.resolvedAt
      ? Math.round((incident.resolvedAt.getTime() - incident.startedAt.getTime()) / 1000)
      : null,
    createdAt: incident.createdAt.toISOString(),
    updatedAt: incident.updatedAt.toISOString(),
  };
}

/** Incident and its updates → API shape. */
export function toIncidentDetailDto(
  incident: IncidentRecord,
  updates: readonly IncidentUpdateRecord[],
): z.input<typeof incidentEndpoints.incidentDetailSchema> {
  return {
    ...toIncidentDto(incident),
    updates: updates.map((update) => ({
      id: update.id,
      status: update.status,
      message: update.message,
      createdAt: update.createdAt.toISOString(),
    })),
  };
}
