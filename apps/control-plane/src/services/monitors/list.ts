import { monitorEndpoints } from '@vantage/api-contract';
import { listMonitors, type MonitorCursor } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { z } from 'zod';
import { handler, requireOrg } from '../../http/handler.ts';
import { toMonitorDto } from './dto.ts';

const cursorSchema = z.tuple([
  z.string().regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/),
  z.uuid(),
]);

/** Opaque cursor: the exact position of the last monitor of the previous page. */
function encodeCursor(cursor: MonitorCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

function decodeCursor(text: string): MonitorCursor {
  try {
    const [createdAt, id] = cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString()));
    return { createdAt, id };
  } catch {
    throw new ServiceError('validation', 'Invalid query', [
      { path: 'query.cursor', message: 'Not a cursor from a previous page' },
    ]);
  }
}

/** A page of the organization's monitors, oldest first, filtered by status, tag or name. */
export const listOrgMonitors = handler(monitorEndpoints.list, async (request) => {
  const { app, query } = request;
  const { monitors, next } = await listMonitors(app.db, {
    orgId: requireOrg(request).organization.id,
    after: query.cursor === undefined ? null : decodeCursor(query.cursor),
    limit: query.limit,
    filter: { status: query.status, tag: query.tag, q: query.q },
  });
  return {
    items: monitors.map((monitor) => toMonitorDto(app.config, monitor)),
    nextCursor: next ? encodeCursor(next) : null,
  };
});
