import { type Queryable, sql } from '@vantage/db';
import { isPlanId, plans } from '@vantage/domain';
import { z } from 'zod';

/** Who owns a monitor's results and how long they are kept (the row TTL). */
export interface MonitorOwner {
  orgId: string;
  retentionDays: number;
}

/** Retention of plans that keep history forever: ten years. */
export const unlimitedRetentionDays = 3650;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ownerRow = z.object({ id: z.string(), org_id: z.string(), plan: z.string() });

/** How many days an organization on `planId` keeps raw results. */
export function retentionDaysOf(planId: string): number {
  const days = isPlanId(planId) ? plans[planId].historyRetentionDays : plans.free.historyRetentionDays;
  return days ?? unlimitedRetentionDays;
}

/** Looks up monitors' owners in Postgres, cached for `ttlMs`; a deleted monitor maps to null. */
export function createMonitorOwners(db: Queryable, ttlMs = 60_000) {
  const cache = new Map<string, { owner: MonitorOwner | null; expiresAtMs: number }>();
  return {
    /** The owner of each of `monitorIds` (null when there is no such monitor). */
    async lookup(monitorIds: Iterable<string>): Promise<Map<string, MonitorOwner | null>> {
      const nowMs = Date.now();
      const found = new Map<string, MonitorOwner | null>();
      const missing: string[] = [];
      for (const id of new Set(monitorIds)) {
        const cached = cache.get(id);
        if (cached && cached.expiresAtMs > nowMs) found.set(id, cached.owner);
        else if (uuidPattern.test(id)) missing.push(id);
        else found.set(id, null);
      }
      if (missing.length === 0) return found;
      // System lookup by monitor id: results arrive from probes, not from a tenant's request.
      const rows = await db.any(sql.type(ownerRow)`
        SELECT m.id, m.org_id, o.plan FROM monitors m JOIN organizations o ON o.id = m.org_id
        WHERE m.id = ANY(${sql.array(missing, 'uuid')})`);
      for (const id of missing) found.set(id, null);
      for (const row of rows)
        found.set(row.id, { orgId: row.org_id, retentionDays: retentionDaysOf(row.plan) });
      for (const id of missing) cache.set(id, { owner: found.get(id) ?? null, expiresAtMs: nowMs + ttlMs });
      return found;
    },
  };
}

/** The monitor-owner lookup the ingest uses. */
export type MonitorOwners = ReturnType<typeof createMonitorOwners>;
