import { z } from 'zod';
import { emailSchema, orgSlugSchema, pageOf, pageQuery, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

const tag = 'subscribers';
const read = { kind: 'org', action: 'status_page:read' } as const;
const write = { kind: 'org', action: 'status_page:write' } as const;
const slugParams = z.strictObject({ slug: z.string().min(1).max(100) });
const pageParams = z.strictObject({ org: orgSlugSchema, id: z.uuid() });
const subscriberParams = z.strictObject({ org: orgSlugSchema, id: z.uuid(), subscriberId: z.uuid() });

/** How a subscriber is told about incidents. */
export const subscriberKinds = ['email', 'webhook'] as const;

/** Where a subscription stands: waiting for the emailed link, receiving updates, or stopped. */
export const subscriberStatuses = ['pending', 'confirmed', 'unsubscribed'] as const;

/** Components a subscriber follows, each once; empty = every component of the page. */
export const componentIdsInput = z
  .array(z.uuid())
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, 'Components must not repeat');

/** A signed token from a subscription email link (`?token=…`). */
const tokenInput = z.strictObject({ token: z.string().min(1).max(2000) });

/**
 * Web app paths the emailed links point at (under WEB_URL): `{slug}` is the page's slug, `token` the signed
 * token to POST to `confirm` / `unsubscribe`.
 */
export const subscriptionLinkPaths = {
  confirm: '/s/{slug}/subscribe/confirm?token={token}',
  unsubscribe: '/s/{slug}/unsubscribe?token={token}',
} as const;

/** A subscriber as the page's organization sees it. */
export const subscriberSchema = z.object({
  id: z.uuid(),
  kind: z.enum(subscriberKinds),
  /** Set for email subscribers. */
  email: z.string().nullable(),
  /** Set for webhook subscribers. */
  url: z.string().nullable(),
  /** Empty = every component of the page. */
  componentIds: z.array(z.uuid()),
  status: z.enum(subscriberStatuses),
  confirmedAt: timestamp.nullable(),
  unsubscribedAt: timestamp.nullable(),
  createdAt: timestamp,
});

/** A subscription as its subscriber sees it after following a link. */
export const subscriptionSchema = z.object({
  page: z.object({ slug: z.string(), title: z.string() }),
  kind: z.enum(subscriberKinds),
  email: z.string().nullable(),
  /** The components followed, by name; empty = every component. */
  components: z.array(z.object({ id: z.uuid(), name: z.string() })),
  status: z.enum(subscriberStatuses),
});

/** `POST /public/status-pages/{slug}/subscribers`. */
export const subscribe = endpoint({
  id: 'subscribers.subscribe',
  method: 'POST',
  path: '/public/status-pages/{slug}/subscribers',
  summary:
    'Subscribe an email address (double opt-in: a confirmation link is emailed). Always 202 — whether the address was already subscribed is never revealed; a repeat within the cooldown sends no second email. A protected page needs X-Status-Page-Token. Rate limited',
  tag,
  access: { kind: 'public' },
  params: slugParams,
  body: z.strictObject({ email: emailSchema, componentIds: componentIdsInput.default([]) }),
  response: z.object({ accepted: z.literal(true) }),
  status: 202,
  rateLimit: 'subscribe',
});

/** `POST /public/status-pages/{slug}/webhook-subscribers`. */
export const subscribeWebhook = endpoint({
  id: 'subscribers.subscribeWebhook',
  method: 'POST',
  path: '/public/status-pages/{slug}/webhook-subscribers',
  summary:
    'Subscribe a webhook URL: incident updates are POSTed as JSON signed with Vantage-Signature (like alert webhooks). The signing secret is shown only in this answer; a URL already subscribed to the page answers 409. Rate limited',
  tag,
  access: { kind: 'public' },
  params: slugParams,
  body: z.strictObject({
    url: z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL' }).max(2000),
    componentIds: componentIdsInput.default([]),
  }),
  response: z.object({
    id: z.uuid(),
    url: z.string(),
    componentIds: z.array(z.uuid()),
    /** `whsec_…`: verify `Vantage-Signature` with it. Shown once. */
    secret: z.string(),
    /** The web app's unsubscribe page for this subscription (the same link every delivery carries). */
    unsubscribeUrl: z.string(),
  }),
  status: 201,
  rateLimit: 'subscribe',
});

/** `POST /public/subscriptions/confirm`. */
export const confirm = endpoint({
  id: 'subscribers.confirm',
  method: 'POST',
  path: '/public/subscriptions/confirm',
  summary:
    'Confirm an email subscription with the token of its confirmation link (idempotent); a bad or expired token is 400 on body.token',
  tag,
  access: { kind: 'public' },
  body: tokenInput,
  response: subscriptionSchema,
  status: 200,
});

/** `POST /public/subscriptions/unsubscribe`. */
export const unsubscribe = endpoint({
  id: 'subscribers.unsubscribe',
  method: 'POST',
  path: '/public/subscriptions/unsubscribe',
  summary:
    'Stop a subscription with the token of the unsubscribe link every email (and webhook body) carries (idempotent; the link never expires)',
  tag,
  access: { kind: 'public' },
  body: tokenInput,
  response: subscriptionSchema,
  status: 200,
});

/** `GET /orgs/{org}/status-pages/{id}/subscribers`. */
export const list = endpoint({
  id: 'subscribers.list',
  method: 'GET',
  path: '/orgs/{org}/status-pages/{id}/subscribers',
  summary: "A status page's subscribers, newest first, optionally by status or kind",
  tag,
  access: read,
  params: pageParams,
  query: pageQuery.extend({
    status: z.enum(subscriberStatuses).optional(),
    kind: z.enum(subscriberKinds).optional(),
  }),
  response: pageOf(subscriberSchema),
});

/** `DELETE /orgs/{org}/status-pages/{id}/subscribers/{subscriberId}`. */
export const remove = endpoint({
  id: 'subscribers.delete',
  method: 'DELETE',
  path: '/orgs/{org}/status-pages/{id}/subscribers/{subscriberId}',
  summary: 'Remove a subscriber; nothing more is sent to it',
  tag,
  access: write,
  params: subscriberParams,
  response: null,
  status: 204,
});
