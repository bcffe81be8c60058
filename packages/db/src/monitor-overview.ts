import type { MonitorKind, MonitorSpec, MonitorStatus, RegionState } from '@vantage/domain';
import { monitorKinds, monitorStatuses, regionStates } from '@vantage/domain';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** A monitor with the per-region state the evaluator keeps for it (the monitors list's row). */
export interface MonitorOverviewRecord {
  id: string;
  type: MonitorKind;
  spec: MonitorSpec;
  status: MonitorStatus;
  paused: boolean;
  /** Newest heartbeat ping (heartbeat monitors only). */
  lastPingAt: Date | null;
  /** Regions with evaluator state, by id; regions of the spec without a row have no result yet. */
  regions: { region: string; state: RegionState; lastCheckAt: Date | null }[];
}

const overviewRow = z.object({
  id: z.string(),
  type: z.enum(monitorKinds),
  // Specs were validated by the domain schema before they were stored.
  spec: z.custom<MonitorSpec>((value) => typeof value === 'object' && value !== null),
  status: z.enum(monitorStatuses),
  paused: z.boolean(),
  last_ping_at: z.number().nullable(),
  regions: z.array(
    z.object({ region: z.string(), state: z.enum(regionStates), last_check_ms: z.number().nullable() }),
  ),
});

/** Row → record: the one converter for overview rows. */
function toOverview(row: z.infer<typeof overviewRow>): MonitorOverviewRecord {
  return {
    id: row.id,
    type: row.type,
    spec: row.spec,
    status: row.status,
    paused: row.paused,
    lastPingAt: row.last_ping_at === null ? null : new Date(row.last_ping_at),
    regions: row.regions.map((region) => ({
      region: region.region,
      state: region.state,
      lastCheckAt: region.last_check_ms === null ? null : new Date(region.last_check_ms),
    })),
  };
}

/** Every monitor of an organization with its regions' shown states, oldest first, in one query. */
export async function listMonitorOverviews(db: Queryable, orgId: string): Promise<MonitorOverviewRecord[]> {
  const rows = await db.any(sql.type(overviewRow)`
    SELECT m.id, m.type, m.spec, m.status, m.paused, m.last_ping_at,
      coalesce(json_agg(json_build_object('region', r.region, 'state', r.shown_state,
          'last_check_ms', (extract(epoch FROM r.last_check_at) * 1000)::float8) ORDER BY r.region)
        FILTER (WHERE r.region IS NOT NULL), '[]'::json) AS regions
    FROM monitors m
    LEFT JOIN monitor_region_states r ON r.monitor_id = m.id AND r.org_id = m.org_id
    WHERE m.org_id = ${orgId}
    GROUP BY m.id
    ORDER BY m.created_at, m.id`);
  return rows.map(toOverview);
}
