import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** How a subscriber is told about incidents. */
export type SubscriberKind = 'email' | 'webhook';

/** Where a subscription stands. */
export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed';

/** A subscriber of a status page: an email address (double opt-in) or a webhook URL. */
export interface SubscriberRecord {
  id: string;
  orgId: string;
  pageId: string;
  kind: SubscriberKind;
  email: string | null;
  url: string | null;
  /** Components followed; empty = every component of the page. */
  componentIds: string[];
  /** Components a confirmed subscriber asked for instead, applied on confirmation; null when none. */
  pendingComponentIds: string[] | null;
  /** The webhook signing secret, sealed under the app key; null for email. */
  sealedSecret: Buffer | null;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  confirmationSentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Where a page of subscribers ended. */
export interface SubscriberCursor {
  createdAt: string;
  id: string;
}

const subscriberRow = z.object({
  id: z.string(),
  org_id: z.string(),
  page_id: z.string(),
  kind: z.enum(['email', 'webhook']),
  email: z.string().nullable(),
  url: z.string().nullable(),
  component_ids: z.array(z.string()),
  pending_component_ids: z.array(z.string()).nullable(),
  sealed_secret: z.instanceof(Buffer).nullable(),
  confirmed_at: z.number().nullable(),
  unsubscribed_at: z.number().nullable(),
  confirmation_sent_at: z.number().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
  position: z.string(),
});

const columns = sql.fragment`id, org_id, page_id, kind, email, url, component_ids::text[] AS component_ids,
  pending_component_ids::text[] AS pending_component_ids, sealed_secret, confirmed_at, unsubscribed_at,
  confirmation_sent_at, created_at, updated_at, created_at::text AS position`;

const date = (value: number | null) => (value === null ? null : new Date(value));
const uuids = (ids: readonly string[]) => sql.array([...ids], 'uuid');

/** Row → record: the one converter for subscribers. */
function toSubscriber(row: z.infer<typeof subscriberRow>): SubscriberRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    pageId: row.page_id,
    kind: row.kind,
    email: row.email,
    url: row.url,
    componentIds: row.component_ids,
    pendingComponentIds: row.pending_component_ids,
    sealedSecret: row.sealed_secret,
    confirmedAt: date(row.confirmed_at),
    unsubscribedAt: date(row.unsubscribed_at),
    confirmationSentAt: date(row.confirmation_sent_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/**
 * The email subscriber of a page for this address, created pending (following `componentIds`) when there
 * is none. The row stays locked for the transaction, so repeated subscribes run one after another.
 */
export async function upsertEmailSubscriber(
  db: Queryable,
  input: { orgId: string; pageId: string; email: string; componentIds: readonly string[] },
): Promise<{ subscriber: SubscriberRecord; created: boolean }> {
  const row = await db.one(sql.type(subscriberRow.extend({ created: z.boolean() }))`
    INSERT INTO status_page_subscribers (org_id, page_id, kind, email, component_ids)
    VALUES (${input.orgId}, ${input.pageId}, 'email', ${input.email}, ${uuids(input.componentIds)})
    ON CONFLICT (page_id, email) WHERE kind = 'email' DO UPDATE SET updated_at = now()
    RETURNING ${columns}, (xmax = 0) AS created`);
  return { subscriber: toSubscriber(row), created: row.created };
}

/** The webhook subscriber of a page for this URL, locked for the transaction; null when none. */
export async function findWebhookSubscriber(
  db: Queryable,
  pageId: string,
  url: string,
): Promise<SubscriberRecord | null> {
  const row = await db.maybeOne(sql.type(subscriberRow)`
    SELECT ${columns} FROM status_page_subscribers
    WHERE page_id = ${pageId} AND kind = 'webhook' AND url = ${url} FOR UPDATE`);
  return row ? toSubscriber(row) : null;
}

/**
 * Adds a webhook subscriber (confirmed at once: it holds the secret); the caller picks the id it sealed
 * the secret for. Null when the page already has a subscriber for this URL.
 */
export async function insertWebhookSubscriber(
  db: Queryable,
  input: {
    id: string;
    orgId: string;
    pageId: string;
    url: string;
    componentIds: readonly string[];
    sealedSecret: Buffer;
  },
): Promise<SubscriberRecord | null> {
  const row = await db.maybeOne(sql.type(subscriberRow)`
    INSERT INTO status_page_subscribers (id, org_id, page_id, kind, url, component_ids, sealed_secret, confirmed_at)
    VALUES (${input.id}, ${input.orgId}, ${input.pageId}, 'webhook', ${input.url}, ${uuids(input.componentIds)},
      ${sql.binary(input.sealedSecret)}, now())
    ON CONFLICT (page_id, url) WHERE kind = 'webhook' DO NOTHING
    RETURNING ${columns}`);
  return row ? toSubscriber(row) : null;
}

/** Fields a subscription write changes; left out = unchanged. */
export interface SubscriberChanges {
  componentIds?: readonly string[];
  pendingComponentIds?: readonly string[] | null;
  sealedSecret?: Buffer;
  /** `'now'` stamps the current time. */
  confirmedAt?: 'now' | null;
  unsubscribedAt?: 'now' | null;
}

/** Changes a subscriber's fields; null when it is gone. */
export async function updateSubscriber(
  db: Queryable,
  id: string,
  changes: SubscriberChanges,
): Promise<SubscriberRecord | null> {
  const sets = [sql.fragment`updated_at = now()`];
  const stamp = (value: 'now' | null) => (value === 'now' ? sql.fragment`now()` : null);
  if (changes.componentIds) sets.push(sql.fragment`component_ids = ${uuids(changes.componentIds)}`);
  if (changes.pendingComponentIds !== undefined) {
    const pending = changes.pendingComponentIds ? uuids(changes.pendingComponentIds) : null;
    sets.push(sql.fragment`pending_component_ids = ${pending}`);
  }
  if (changes.sealedSecret) sets.push(sql.fragment`sealed_secret = ${sql.binary(changes.sealedSecret)}`);
  if (changes.confirmedAt !== undefined)
    sets.push(sql.fragment`confirmed_at = ${stamp(changes.confirmedAt)}`);
  if (changes.unsubscribedAt !== undefined) {
    sets.push(sql.fragment`unsubscribed_at = ${stamp(changes.unsubscribedAt)}`);
  }
  const row = await db.maybeOne(sql.type(subscriberRow)`
    UPDATE status_page_subscribers SET ${sql.join(sets, sql.fragment`, `)} WHERE id = ${id} RETURNING ${columns}`);
  return row ? toSubscriber(row) : null;
}

/**
 * Claims the right to send a confirmation email now: stamps `confirmation_sent_at` unless one went out
 * within `cooldownSeconds`. Returns the stamp, or null while cooling down.
 */
export async function claimConfirmationSend(
  db: Queryable,
  id: string,
  cooldownSeconds: number,
): Promise<Date | null> {
  const at = await db.maybeOneFirst(sql.type(z.object({ at: z.number() }))`
    UPDATE status_page_subscribers SET confirmation_sent_at = now()
    WHERE id = ${id} AND (confirmation_sent_at IS NULL
      OR confirmation_sent_at <= now() - make_interval(secs => ${cooldownSeconds}))
    RETURNING confirmation_sent_at AS at`);
  return at === null ? null : new Date(at);
}

/** Gives back a claim whose email could not be sent (or re-opens the cooldown), so a subscribe may send one. */
export async function releaseConfirmationSend(db: Queryable, id: string): Promise<void> {
  await db.query(sql.unsafe`UPDATE status_page_subscribers SET confirmation_sent_at = NULL WHERE id = ${id}`);
}

/** A subscriber by id (the signed links carry it; they work without an organization). */
export async function findSubscriber(db: Queryable, id: string): Promise<SubscriberRecord | null> {
  const row = await db.maybeOne(sql.type(subscriberRow)`
    SELECT ${columns} FROM status_page_subscribers WHERE id = ${id}`);
  return row ? toSubscriber(row) : null;
}

const statusCondition = {
  pending: sql.fragment`confirmed_at IS NULL AND unsubscribed_at IS NULL`,
  confirmed: sql.fragment`confirmed_at IS NOT NULL AND unsubscribed_at IS NULL`,
  unsubscribed: sql.fragment`unsubscribed_at IS NOT NULL`,
} as const;

/** A page of a status page's subscribers, newest first. */
export async function listSubscribers(
  db: Queryable,
  input: {
    orgId: string;
    pageId: string;
    status: SubscriberStatus | null;
    kind: SubscriberKind | null;
    after: SubscriberCursor | null;
    limit: number;
  },
): Promise<{ subscribers: SubscriberRecord[]; next: SubscriberCursor | null }> {
  const conditions = [sql.fragment`org_id = ${input.orgId}`, sql.fragment`page_id = ${input.pageId}`];
  if (input.status) conditions.push(statusCondition[input.status]);
  if (input.kind) conditions.push(sql.fragment`kind = ${input.kind}`);
  if (input.after) {
    conditions.push(
      sql.fragment`(created_at, id) < (${input.after.createdAt}::timestamptz, ${input.after.id}::uuid)`,
    );
  }
  const rows = await db.any(sql.type(subscriberRow)`
    SELECT ${columns} FROM status_page_subscribers WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY created_at DESC, id DESC LIMIT ${input.limit + 1}`);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const next = rows.length > input.limit && last ? { createdAt: last.position, id: last.id } : null;
  return { subscribers: page.map(toSubscriber), next };
}

/** Deletes a subscriber of this organization's page; false when there is none. */
export async function deleteSubscriber(
  db: Queryable,
  input: { orgId: string; pageId: string; id: string },
): Promise<boolean> {
  const result = await db.query(sql.unsafe`
    DELETE FROM status_page_subscribers
    WHERE org_id = ${input.orgId} AND page_id = ${input.pageId} AND id = ${input.id}`);
  return result.rowCount > 0;
}

/** A confirmed subscriber an incident reaches, with the components of its page the incident touches. */
export interface IncidentAudience {
  subscriber: SubscriberRecord;
  /** Components of the subscriber's page backed by the incident's monitors that it follows. */
  componentIds: string[];
}

/**
 * The confirmed, still subscribed subscribers of every page of the organization with a component backed by
 * one of `monitorIds`, where the subscriber follows every component or one of those.
 */
export async function listIncidentAudience(
  db: Queryable,
  input: { orgId: string; monitorIds: readonly string[] },
): Promise<IncidentAudience[]> {
  if (input.monitorIds.length === 0) return [];
  const rows = await db.any(sql.type(subscriberRow.extend({ touched: z.array(z.string()) }))`
    SELECT ${columns}, touched FROM (
      SELECT s.*, array_agg(c.id::text ORDER BY c.position, c.id) AS touched
      FROM status_page_subscribers s
      JOIN status_page_components c ON c.page_id = s.page_id AND c.org_id = s.org_id
      WHERE s.org_id = ${input.orgId} AND c.monitor_id = ANY(${uuids(input.monitorIds)})
        AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
        AND (cardinality(s.component_ids) = 0 OR c.id = ANY(s.component_ids))
      GROUP BY s.id) audience
    ORDER BY created_at, id`);
  return rows.map((row) => ({ subscriber: toSubscriber(row), componentIds: row.touched }));
}
