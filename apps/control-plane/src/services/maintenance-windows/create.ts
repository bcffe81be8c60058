import { maintenanceWindowEndpoints } from '@vantage/api-contract';
import { insertMaintenanceWindow } from '@vantage/db';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toMaintenanceWindowDto } from './dto.ts';
import { requireMaintenanceFeature, vetWindow } from './rules.ts';

/** Schedules a maintenance window (plan feature; rrule and monitors checked). */
export const createMaintenanceWindow = handler(maintenanceWindowEndpoints.create, async (request) => {
  const { organization } = requireOrg(request);
  const { actor } = request;
  requireMaintenanceFeature(organization);
  const window = await request.app.db.transaction(async (tx) => {
    const input = await vetWindow(tx, organization.id, request.body);
    const created = await insertMaintenanceWindow(tx, {
      ...input,
      orgId: organization.id,
      createdBy: actor?.kind === 'user' ? actor.user.id : null,
    });
    await recordAudit(tx, actor, organization.id, {
      action: 'maintenance_window.create',
      targetType: 'maintenance_window',
      targetId: created.id,
      diff: request.body,
    });
    return created;
  });
  return toMaintenanceWindowDto(window);
});
