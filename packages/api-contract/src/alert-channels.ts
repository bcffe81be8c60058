import { alertChannelKinds } from '@vantage/domain';
import { z } from 'zod';
import { emailSchema, orgIdParams, orgParams, pageOf, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

/** Which kinds of event a channel is told about. */
export const notifyOnValues = [
  'down',
  'degraded',
  'recovered',
  'reminder',
  'tls',
  'heartbeat',
  'incident',
] as const;

/** What a new channel is told about unless it says otherwise (degraded and incidents are opt-in). */
export const defaultNotifyOn = ['down', 'recovered', 'reminder', 'tls', 'heartbeat'] as const;

const httpUrl = z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL' }).max(2000);

/** Each channel kind's settings as a request gives them (validated at creation, never later). */
export const alertChannelConfigSchemas = {
  email: z.strictObject({ to: z.array(emailSchema).min(1).max(20) }),
  /** The signing secret is generated when not given. */
  webhook: z.strictObject({ url: httpUrl, secret: z.string().min(16).max(200).optional() }),
  slack: z.strictObject({ webhookUrl: httpUrl }),
  discord: z.strictObject({ webhookUrl: httpUrl }),
  pagerduty: z.strictObject({ routingKey: z.string().trim().min(1).max(100) }),
} as const;

const notifyOn = z
  .array(z.enum(notifyOnValues))
  .max(notifyOnValues.length)
  .transform((values) => [...new Set(values)]);
const reminderEveryMinutes = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60)
  .nullable();

const createOf = <K extends keyof typeof alertChannelConfigSchemas>(type: K) =>
  z.strictObject({
    name: z.string().trim().min(1).max(100),
    type: z.literal(type),
    config: alertChannelConfigSchemas[type],
    notifyOn: notifyOn.default([...defaultNotifyOn]),
    reminderEveryMinutes: reminderEveryMinutes.default(null),
  });

/** Body of `POST /orgs/{org}/alert-channels`. */
export const createAlertChannelSchema = z.discriminatedUnion('type', [
  createOf('email'),
  createOf('webhook'),
  createOf('slack'),
  createOf('discord'),
  createOf('pagerduty'),
]);

/** An alert channel as the API shows it; secrets are masked except in the create response. */
export const alertChannelSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(alertChannelKinds),
  config: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  notifyOn: z.array(z.enum(notifyOnValues)),
  reminderEveryMinutes: z.number().int().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** One try to deliver an alert: the receiver's HTTP status, or the error when there was no answer. */
export const deliveryAttemptSchema = z.object({
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  at: timestamp,
});

/** One alert event sent (or being sent) to one channel. */
export const deliverySchema = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  eventId: z.string(),
  kind: z.string(),
  monitorId: z.uuid().nullable(),
  title: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.array(deliveryAttemptSchema),
  createdAt: timestamp,
  deliveredAt: timestamp.nullable(),
});

const access = {
  read: { kind: 'org', action: 'alert_channel:read' },
  write: { kind: 'org', action: 'alert_channel:write' },
} as const;

/** `POST /orgs/{org}/alert-channels`. */
export const create = endpoint({
  id: 'alertChannels.create',
  method: 'POST',
  path: '/orgs/{org}/alert-channels',
  summary: "Create an alert channel; a webhook's signing secret is shown in full in this response only",
  tag: 'alert-channels',
  access: access.write,
  params: orgParams,
  body: createAlertChannelSchema,
  response: z.object({ alertChannel: alertChannelSchema }),
});

/** `GET /orgs/{org}/alert-channels`. */
export const list = endpoint({
  id: 'alertChannels.list',
  method: 'GET',
  path: '/orgs/{org}/alert-channels',
  summary: "The organization's alert channels",
  tag: 'alert-channels',
  access: access.read,
  params: orgParams,
  response: pageOf(alertChannelSchema),
});

/** `GET /orgs/{org}/alert-channels/{id}`. */
export const get = endpoint({
  id: 'alertChannels.get',
  method: 'GET',
  path: '/orgs/{org}/alert-channels/{id}',
  summary: 'One alert channel (secrets masked)',
  tag: 'alert-channels',
  access: access.read,
  params: orgIdParams,
  response: z.object({ alertChannel: alertChannelSchema }),
});

/** `PATCH /orgs/{org}/alert-channels/{id}`. */
export const update = endpoint({
  id: 'alertChannels.update',
  method: 'PATCH',
  path: '/orgs/{org}/alert-channels/{id}',
  summary:
    "Change a channel's name, settings (of its own type; a webhook keeps its secret unless given) or policy",
  tag: 'alert-channels',
  access: access.write,
  params: orgIdParams,
  body: z.strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    notifyOn: notifyOn.optional(),
    reminderEveryMinutes: reminderEveryMinutes.optional(),
  }),
  response: z.object({ alertChannel: alertChannelSchema }),
});

/** `DELETE /orgs/{org}/alert-channels/{id}`. */
export const remove = endpoint({
  id: 'alertChannels.delete',
  method: 'DELETE',
  path: '/orgs/{org}/alert-channels/{id}',
  summary: 'Delete an alert channel and its delivery history',
  tag: 'alert-channels',
  access: access.write,
  params: orgIdParams,
  response: null,
  status: 204,
});

/** `POST /orgs/{org}/alert-channels/{id}/test`. */
export const test = endpoint({
  id: 'alertChannels.test',
  method: 'POST',
  path: '/orgs/{org}/alert-channels/{id}/test',
  summary: 'Send a test event through the normal delivery path',
  tag: 'alert-channels',
  access: access.write,
  params: orgIdParams,
  response: z.object({ deliveryId: z.uuid() }),
  status: 202,
});

/** `GET /orgs/{org}/alert-channels/{id}/deliveries`. */
export const deliveries = endpoint({
  id: 'alertChannels.deliveries',
  method: 'GET',
  path: '/orgs/{org}/alert-channels/{id}/deliveries',
  summary: "A channel's latest deliveries with every attempt",
  tag: 'alert-channels',
  access: access.read,
  params: orgIdParams,
  query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
  response: pageOf(deliverySchema),
});

/** `POST /orgs/{org}/deliveries/{id}/retry`. */
export const retryDelivery = endpoint({
  id: 'alertChannels.retryDelivery',
  method: 'POST',
  path: '/orgs/{org}/deliveries/{id}/retry',
  summary: 'Send a failed delivery again (a fresh round of retries)',
  tag: 'alert-channels',
  access: access.write,
  params: orgIdParams,
  response: z.object({ delivery: deliverySchema }),
  status: 202,
});
