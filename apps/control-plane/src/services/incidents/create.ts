import { incidentEndpoints } from '@vantage/api-contract';
import { insertIncident, insertIncidentUpdate, listIncidentUpdates } from '@vantage/db';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toIncidentDetailDto } from './dto.ts';
import { incidentAlertEvent, queueIncidentEvents } from './events.ts';
import { vetMonitorIds } from './monitor-ids.ts';

/** Opens a manual incident with its first update. */
export const createIncident = handler(incidentEndpoints.create, async (request) => {
  const { organization } = requireOrg(request);
  const { actor, body } = request;
  const createdBy = actor?.kind === 'user' ? actor.user.id : null;
  const { incident, updates } = await request.app.db.transaction(async (tx) => {
    await vetMonitorIds(tx, organization.id, body.monitorIds, 'body.monitorIds');
    const incident = await insertIncident(tx, {
      orgId: organization.id,
      title: body.title,
      status: body.status,
      impact: body.impact,
      sourceMonitorId: null,
      monitorIds: body.monitorIds,
      affectedRegions: [],
      startedAt: new Date(),
      createdBy,
    });
    const message = body.message || `Incident opened: ${body.title}`;
    await insertIncidentUpdate(tx, {
      orgId: organization.id,
      incidentId: incident.id,
      status: body.status,
      message,
      createdBy,
    });
    await recordAudit(tx, actor, organization.id, {
      action: 'incident.create',
      targetType: 'incident',
      targetId: incident.id,
      diff: body,
    });
    await queueIncidentEvents(tx, [incidentAlertEvent(incident, 'created', 'manual', message)]);
    return { incident, updates: await listIncidentUpdates(tx, organization.id, incident.id) };
  });
  return toIncidentDetailDto(incident, updates);
});
