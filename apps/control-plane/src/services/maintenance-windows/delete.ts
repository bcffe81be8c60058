import { maintenanceWindowEndpoints } from '@vantage/api-contract';
import { deleteMaintenanceWindow, findMaintenanceWindow } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toMaintenanceWindowDto } from './dto.ts';

/** Deletes a maintenance window; monitors in it leave maintenance at the next evaluation sweep. */
export const deleteMaintenanceWindowHandler = handler(maintenanceWindowEndpoints.remove, async (request) => {
  const { organization } = requireOrg(request);
  await request.app.db.transaction(async (tx) => {
    const existing = await findMaintenanceWindow(tx, organization.id, request.params.id);
    if (!existing || !(await deleteMaintenanceWindow(tx, organization.id, existing.id))) {
      throw new ServiceError('not_found', 'No such maintenance window');
    }
    await recordAudit(tx, request.actor, organization.id, {
      action: 'maintenance_window.delete',
      targetType: 'maintenance_window',
      targetId: existing.id,
      diff: toMaintenanceWindowDto(existing),
    });
  });
  return undefined;
});
