import { incidentEndpoints } from '@vantage/api-contract';
import { findIncident, insertIncidentUpdate, listIncidentUpdates, updateIncident } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toIncidentDetailDto } from './dto.ts';
import { incidentAlertEvent, queueIncidentEvents } from './events.ts';

/** Posts an update: it sets the incident's status; `resolved` stamps resolvedAt, another status reopens. */
export const addIncidentUpdate = handler(incidentEndpoints.addUpdate, async (request) => {
  const { organization } = requireOrg(request);
  const { actor, body } = request;
  const { incident, updates } = await request.app.db.transaction(async (tx) => {
    const existing = await findIncident(tx, organization.id, request.params.id, { forUpdate: true });
    if (!existing) throw new ServiceError('not_found', 'No such incident');
    if (existing.status === 'resolved' && body.status !== 'resolved' && existing.sourceMonitorId !== null) {
      throw new ServiceError('conflict', 'An automatic incident reopens when its monitor fails again');
    }
    const incident = (await updateIncident(tx, organization.id, existing.id, { status: body.status }))!;
    const update = await insertIncidentUpdate(tx, {
      orgId: organization.id,
      incidentId: incident.id,
      status: body.status,
      message: body.message,
      createdBy: actor?.kind === 'user' ? actor.user.id : null,
    });
    await recordAudit(tx, actor, organization.id, {
      action: 'incident.update',
      targetType: 'incident',
      targetId: incident.id,
      diff: { status: { from: existing.status, to: body.status }, message: body.message },
    });
    const change = body.status === 'resolved' && existing.status !== 'resolved' ? 'resolved' : 'updated';
    await queueIncidentEvents(tx, [incidentAlertEvent(incident, change, update.id, body.message)]);
    return { incident, updates: await listIncidentUpdates(tx, organization.id, incident.id) };
  });
  return toIncidentDetailDto(incident, updates);
});
