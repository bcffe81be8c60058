import { maintenanceWindowEndpoints } from '@vantage/api-contract';
import { findMaintenanceWindow, listMaintenanceWindows } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { toMaintenanceWindowDto } from './dto.ts';
import { nextOccurrences } from './schedule.ts';

/** The organization's maintenance windows (one page: an organization has few). */
export const listMaintenanceWindowsHandler = handler(maintenanceWindowEndpoints.list, async (request) => {
  const { organization } = requireOrg(request);
  const windows = await listMaintenanceWindows(request.app.db, organization.id);
  return { items: windows.map(toMaintenanceWindowDto), nextCursor: null };
});

/** One maintenance window. */
export const getMaintenanceWindow = handler(maintenanceWindowEndpoints.get, async (request) => {
  const { organization } = requireOrg(request);
  const window = await findMaintenanceWindow(request.app.db, organization.id, request.params.id);
  if (!window) throw new ServiceError('not_found', 'No such maintenance window');
  return toMaintenanceWindowDto(window);
});

/** The next occurrences of a window, the one in progress first. */
export const listOccurrences = handler(maintenanceWindowEndpoints.occurrences, async (request) => {
  const { organization } = requireOrg(request);
  const window = await findMaintenanceWindow(request.app.db, organization.id, request.params.id);
  if (!window) throw new ServiceError('not_found', 'No such maintenance window');
  const spans = nextOccurrences(window, new Date(), request.query.count);
  return {
    items: spans.map((span) => ({
      startsAt: span.startsAt.toISOString(),
      endsAt: span.endsAt.toISOString(),
    })),
  };
});
