import { incidentEndpoints } from '@vantage/api-contract';
import { findIncident, listIncidentUpdates, updateIncident } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { diffOf, recordAudit } from '../audit.ts';
import { toIncidentDetailDto, toIncidentDto } from './dto.ts';
import { vetMonitorIds } from './monitor-ids.ts';

/** Changes an incident's title, impact or monitors. */
export const updateIncidentHandler = handler(incidentEndpoints.update, async (request) => {
  const { organization } = requireOrg(request);
  const { body } = request;
  const { incident, updates } = await request.app.db.transaction(async (tx) => {
    const existing = await findIncident(tx, organization.id, request.params.id, { forUpdate: true });
    if (!existing) throw new ServiceError('not_found', 'No such incident');
    if (body.monitorIds) await vetMonitorIds(tx, organization.id, body.monitorIds, 'body.monitorIds');
    const incident = (await updateIncident(tx, organization.id, existing.id, body))!;
    await recordAudit(tx, request.actor, organization.id, {
      action: 'incident.update',
      targetType: 'incident',
      targetId: incident.id,
      diff: diffOf(toIncidentDto(existing), toIncidentDto(incident)),
    });
    return { incident, updates: await listIncidentUpdates(tx, organization.id, incident.id) };
  });
  return toIncidentDetailDto(incident, updates);
});
