import type { alertChannelEndpoints } from '@vantage/api-contract';
import type { AlertChannelRecord, DeliveryAttemptRecord, DeliveryRecord } from '@vantage/db';
import type { z } from 'zod';
import { channelSettings, shownConfig } from '../../notifications/channel-config.ts';

type AlertChannelDto = z.input<typeof alertChannelEndpoints.alertChannelSchema>;
type DeliveryDto = z.input<typeof alertChannelEndpoints.deliverySchema>;

/** Channel record → API shape; secrets masked unless `reveal` (the create response). */
export function toAlertChannelDto(
  appKey: Buffer,
  channel: AlertChannelRecord,
  reveal = false,
): AlertChannelDto {
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    config: shownConfig(channelSettings(appKey, channel), reveal),
    notifyOn: channel.notifyOn as AlertChannelDto['notifyOn'],
    reminderEveryMinutes: channel.reminderEveryMinutes,
    createdAt: channel.createdAt.toISOString(),
    updatedAt: channel.updatedAt.toISOString(),
  };
}

/** Delivery record and its attempts → API shape. */
export function toDeliveryDto(
  delivery: DeliveryRecord,
  attempts: readonly DeliveryAttemptRecord[],
): DeliveryDto {
  return {
    id: delivery.id,
    channelId: delivery.channelId,
    eventId: delivery.eventId,
    kind: delivery.eventKind,
    monitorId: delivery.monitorId,
    title: typeof delivery.event.title === 'string' ? delivery.event.title : '',
    status: delivery.status,
    attempts: attempts.map((attempt) => ({ ...attempt, at: attempt.at.toISOString() })),
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
  };
}
