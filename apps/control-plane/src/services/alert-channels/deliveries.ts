import { alertChannelEndpoints } from '@vantage/api-contract';
import {
  findAlertChannel,
  findOrgDelivery,
  listChannelDeliveries,
  listDeliveryAttempts,
  setDeliveryStatus,
} from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireActor, requireOrg } from '../../http/handler.ts';
import { enqueueDeliveryNow } from '../../notifications/queues.ts';
import { recordAudit } from '../audit.ts';
import { toDeliveryDto } from './dto.ts';

/** A channel's latest deliveries with their status and every attempt. */
export const listDeliveries = handler(alertChannelEndpoints.deliveries, async (request) => {
  const { app, params, query } = request;
  const orgId = requireOrg(request).organization.id;
  const channel = await findAlertChannel(app.db, orgId, params.id);
  if (!channel) throw new ServiceError('not_found', 'Alert channel not found');
  const deliveries = await listChannelDeliveries(app.db, {
    orgId,
    channelId: channel.id,
    limit: query.limit,
  });
  const attempts = await listDeliveryAttempts(
    app.db,
    deliveries.map((delivery) => delivery.id),
  );
  return {
    items: deliveries.map((delivery) => toDeliveryDto(delivery, attempts.get(delivery.id) ?? [])),
    nextCursor: null,
  };
});

/** Sends a failed delivery again, with a fresh round of retries. */
export const retryDelivery = handler(alertChannelEndpoints.retryDelivery, async (request) => {
  const { app, params } = request;
  const actor = requireActor(request);
  const orgId = requireOrg(request).organization.id;
  const found = await findOrgDelivery(app.db, orgId, params.id);
  if (!found) throw new ServiceError('not_found', 'Delivery not found');
  const delivery = await app.db.transaction(async (tx) => {
    const retried = await setDeliveryStatus(tx, found.id, 'pending', {
      fromStatus: 'failed',
      manualRetry: true,
    });
    if (!retried)
      throw new ServiceError(
        'conflict',
        `Only failed deliveries can be retried (this one is ${found.status})`,
      );
    await recordAudit(tx, actor, orgId, {
      action: 'delivery.retry',
      targetType: 'delivery',
      targetId: found.id,
    });
    return retried;
  });
  await enqueueDeliveryNow(app, delivery);
  const attempts = await listDeliveryAttempts(app.db, [delivery.id]);
  return { delivery: toDeliveryDto(delivery, attempts.get(delivery.id) ?? []) };
});
