import { monitorEndpoints } from '@vantage/api-contract';
import { findMonitor, type MonitorRecord, type Queryable } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { toMonitorDto } from './dto.ts';

/** The organization's monitor `id` (optionally locked), or a 404 that says nothing about other tenants. */
export async function monitorOr404(
  db: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<MonitorRecord> {
  const monitor = await findMonitor(db, orgId, id, options);
  if (!monitor) throw new ServiceError('not_found', 'Monitor not found');
  return monitor;
}

/** One monitor of the organization. */
export const getMonitor = handler(monitorEndpoints.get, async (request) => {
  const { app, params } = request;
  const monitor = await monitorOr404(app.db, requireOrg(request).organization.id, params.id);
  return toMonitorDto(app.config, monitor);
});
