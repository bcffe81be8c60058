import { maintenanceWindowEndpoints } from '@vantage/api-contract';
import { findMaintenanceWindow, updateMaintenanceWindow } from '@vantage/db';
import { ServiceError, validationError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { diffOf, recordAudit } from '../audit.ts';
import { toMaintenanceWindowDto } from './dto.ts';
import { requireMaintenanceFeature, vetWindow } from './rules.ts';

/** Changes a maintenance window; the merged window must be valid as a whole. */
export const updateMaintenanceWindowHandler = handler(maintenanceWindowEndpoints.update, async (request) => {
  const { organization } = requireOrg(request);
  requireMaintenanceFeature(organization);
  const window = await request.app.db.transaction(async (tx) => {
    const existing = await findMaintenanceWindow(tx, organization.id, request.params.id);
    if (!existing) throw new ServiceError('not_found', 'No such maintenance window');
    const before = toMaintenanceWindowDto(existing);
    const merged = maintenanceWindowEndpoints.maintenanceWindowBody.safeParse({
      title: before.title,
      monitorIds: before.monitorIds,
      startsAt: before.startsAt,
      endsAt: before.endsAt,
      rrule: before.rrule,
      durationMinutes: before.durationMinutes,
      ...request.body,
    });
    if (!merged.success) throw prefixed(merged.error);
    const input = await vetWindow(tx, organization.id, merged.data);
    const updated = await updateMaintenanceWindow(tx, organization.id, existing.id, input);
    if (!updated) throw new ServiceError('not_found', 'No such maintenance window');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'maintenance_window.update',
      targetType: 'maintenance_window',
      targetId: updated.id,
      diff: diffOf(before, toMaintenanceWindowDto(updated)),
    });
    return updated;
  });
  return toMaintenanceWindowDto(window);
});

// The merged window's issues name body fields, as the request's own validation would.
function prefixed(error: Parameters<typeof validationError>[0]) {
  const issues = error.issues.map((issue) => ({ ...issue, path: ['body', ...issue.path] }));
  return validationError({ issues });
}
