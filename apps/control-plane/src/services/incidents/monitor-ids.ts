import { findOrgMonitorIds, type Queryable } from '@vantage/db';
import { ServiceError } from '@vantage/domain';

/** Refuses (400, naming the field) monitor ids that are not this organization's monitors. */
export async function vetMonitorIds(db: Queryable, orgId: string, ids: readonly string[], path: string) {
  const found = new Set(await findOrgMonitorIds(db, orgId, ids));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new ServiceError('validation', 'Unknown monitors', [
      { path, message: `No such monitor: ${missing.join(', ')}` },
    ]);
  }
}
