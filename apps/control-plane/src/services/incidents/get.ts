import { incidentEndpoints } from '@vantage/api-contract';
import { findIncident, type IncidentCursor, listIncidents, listIncidentUpdates } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { toIncidentDetailDto, toIncidentDto } from './dto.ts';

function decodeCursor(cursor: string | undefined): IncidentCursor | null {
  if (!cursor) return null;
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(Date.parse(createdAt))) {
    throw new ServiceError('validation', 'Invalid cursor', [
      { path: 'query.cursor', message: 'Invalid cursor' },
    ]);
  }
  return { createdAt, id };
}

const encodeCursor = (cursor: IncidentCursor) =>
  Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');

/** The organization's incidents, newest first, optionally by status. */
export const listIncidentsHandler = handler(incidentEndpoints.list, async (request) => {
  const { organization } = requireOrg(request);
  const { cursor, limit, status } = request.query;
  const page = await listIncidents(request.app.db, {
    orgId: organization.id,
    status: status ?? null,
    after: decodeCursor(cursor),
    limit,
  });
  return { items: page.incidents.map(toIncidentDto), nextCursor: page.next ? encodeCursor(page.next) : null };
});

/** One incident with its updates. */
export const getIncident = handler(incidentEndpoints.get, async (request) => {
  const { organization } = requireOrg(request);
  const incident = await findIncident(request.app.db, organization.id, request.params.id);
  if (!incident) throw new ServiceError('not_found', 'No such incident');
  return toIncidentDetailDto(
    incident,
    await listIncidentUpdates(request.app.db, organization.id, incident.id),
  );
});
