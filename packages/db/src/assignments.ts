import type { MonitorSpec } from '@vantage/domain';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** An active monitor that a region's probes must check. */
export interface RegionMonitor {
  monitorId: string;
  orgId: string;
  spec: MonitorSpec;
}

const regionMonitorRow = z.object({
  id: z.string(),
  org_id: z.string(),
  spec: z.custom<MonitorSpec>((value) => typeof value === 'object' && value !== null),
});

/** Every active (not paused) monitor that includes the region. */
export async function listRegionMonitors(db: Queryable, region: string): Promise<RegionMonitor[]> {
  const rows = await db.any(sql.type(regionMonitorRow)`
    SELECT id, org_id, spec FROM monitors WHERE NOT paused AND ${region} = ANY (regions) ORDER BY id`);
  return rows.map((row) => ({ monitorId: row.id, orgId: row.org_id, spec: row.spec }));
}
