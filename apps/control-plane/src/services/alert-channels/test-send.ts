import { randomUUID } from 'node:crypto';
import { alertChannelEndpoints } from '@vantage/api-contract';
import { findAlertChannel, insertDelivery } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import type { AlertEvent } from '@vantage/queue';
import { handler, requireOrg } from '../../http/handler.ts';
import { enqueueDeliveryNow } from '../../notifications/queues.ts';

/** Sends a `test` event to one channel through the normal delivery path (queue, retries, attempts). */
export const testAlertChannel = handler(alertChannelEndpoints.test, async (request) => {
  const { app, params } = request;
  const { organization } = requireOrg(request);
  const channel = await findAlertChannel(app.db, organization.id, params.id);
  if (!channel) throw new ServiceError('not_found', 'Alert channel not found');
  const event: AlertEvent = {
    eventId: `test-${randomUUID()}`,
    kind: 'test',
    orgId: organization.id,
    monitorId: null,
    incidentId: null,
    at: new Date().toISOString(),
    title: `Test alert for ${channel.name}`,
    summary: `This is a test event from Vantage (${organization.name}). If you can read it, the channel works.`,
    regions: [],
  };
  const { delivery } = await insertDelivery(app.db, {
    orgId: organization.id,
    channelId: channel.id,
    eventId: event.eventId,
    eventKind: event.kind,
    monitorId: null,
    event,
  });
  await enqueueDeliveryNow(app, delivery);
  return { deliveryId: delivery.id };
});
