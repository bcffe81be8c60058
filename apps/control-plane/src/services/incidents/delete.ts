import { incidentEndpoints } from '@vantage/api-contract';
import { deleteIncident, findIncident } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toIncidentDto } from './dto.ts';

/** Deletes an incident and its updates. */
export const deleteIncidentHandler = handler(incidentEndpoints.remove, async (request) => {
  const { organization } = requireOrg(request);
  await request.app.db.transaction(async (tx) => {
    const existing = await findIncident(tx, organization.id, request.params.id, { forUpdate: true });
    if (!existing || !(await deleteIncident(tx, organization.id, existing.id))) {
      throw new ServiceError('not_found', 'No such incident');
    }
    await recordAudit(tx, request.actor, organization.id, {
      action: 'incident.delete',
      targetType: 'incident',
      targetId: existing.id,
      diff: toIncidentDto(existing),
    });
  });
  return undefined;
});
