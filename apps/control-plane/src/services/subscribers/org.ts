import { subscriberEndpoints } from '@vantage/api-contract';
import { deleteSubscriber, findStatusPage, listSubscribers, type SubscriberCursor } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toSubscriberDto } from './dto.ts';

function decodeCursor(cursor: string | undefined): SubscriberCursor | null {
  if (!cursor) return null;
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(Date.parse(createdAt))) {
    throw new ServiceError('validation', 'Invalid cursor', [
      { path: 'query.cursor', message: 'Invalid cursor' },
    ]);
  }
  return { createdAt, id };
}

const encodeCursor = (cursor: SubscriberCursor) =>
  Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');

const noSuchPage = () => new ServiceError('not_found', 'No such status page');

/** `GET /orgs/{org}/status-pages/{id}/subscribers`: newest first, optionally by status or kind. */
export const listSubscribersHandler = handler(subscriberEndpoints.list, async (request) => {
  const { organization } = requireOrg(request);
  const { cursor, limit, status, kind } = request.query;
  const page = await findStatusPage(request.app.db, organization.id, request.params.id);
  if (!page) throw noSuchPage();
  const found = await listSubscribers(request.app.db, {
    orgId: organization.id,
    pageId: page.id,
    status: status ?? null,
    kind: kind ?? null,
    after: decodeCursor(cursor),
    limit,
  });
  return {
    items: found.subscribers.map(toSubscriberDto),
    nextCursor: found.next ? encodeCursor(found.next) : null,
  };
});

/** `DELETE /orgs/{org}/status-pages/{id}/subscribers/{subscriberId}`: nothing more is sent to it. */
export const deleteSubscriberHandler = handler(subscriberEndpoints.remove, async (request) => {
  const { organization } = requireOrg(request);
  const { id, subscriberId } = request.params;
  await request.app.db.transaction(async (tx) => {
    if (!(await findStatusPage(tx, organization.id, id))) throw noSuchPage();
    const deleted = await deleteSubscriber(tx, { orgId: organization.id, pageId: id, id: subscriberId });
    if (!deleted) throw new ServiceError('not_found', 'No such subscriber');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'status_page.subscriber_delete',
      targetType: 'status_page_subscriber',
      targetId: subscriberId,
      diff: { statusPageId: id },
    });
  });
  return undefined;
});
