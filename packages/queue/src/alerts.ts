import { alertEventKinds } from '@vantage/domain';
import { z } from 'zod';

/** Queue names; every queue lives under the instance's Redis key prefix. */
export const queueNames = {
  /** One job per alert event: fans out to the monitor's (or org's) alert channels. */
  alertEvents: 'alert-events',
  /** One job per (event, channel): a delivery attempt with retries. */
  deliveries: 'deliveries',
} as const;

/** An alert event: something channels (and, for incidents, status-page subscribers) are told about. */
export const alertEventSchema = z.object({
  /** Deterministic id: the same evaluation or action always produces the same id (the idempotency key). */
  eventId: z.string().min(1).max(200),
  kind: z.enum(alertEventKinds),
  orgId: z.uuid(),
  monitorId: z.uuid().nullable(),
  incidentId: z.uuid().nullable(),
  /** When it happened (ISO 8601). */
  at: z.iso.datetime({ offset: true }),
  /** One line for subjects and chat titles, e.g. "Homepage is down in eu-west, us-east". */
  title: z.string().max(300),
  /** A few lines of detail: failure kind, error, affected regions, duration. */
  summary: z.string().max(4000),
  regions: z.array(z.string()),
});

/** One alert event (job payload of `alert-events`). */
export type AlertEvent = z.infer<typeof alertEventSchema>;

/** BullMQ's key prefix for an instance's Redis key prefix. */
export function bullPrefix(redisKeyPrefix: string): string {
  return `${redisKeyPrefix}bull`;
}
