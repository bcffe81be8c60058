import type { AlertChannelKind } from '@vantage/domain';
import { alertChannelKinds } from '@vantage/domain';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** An alert channel as stored: plain settings in `config`, secret fields sealed (never decrypted here). */
export interface AlertChannelRecord {
  id: string;
  orgId: string;
  name: string;
  type: AlertChannelKind;
  /** Non-secret settings (email recipients, webhook URL). */
  config: Record<string, unknown>;
  /** AES-256-GCM sealed JSON of the secret fields; null for kinds without secrets. */
  sealedSecrets: Buffer | null;
  notifyOn: string[];
  reminderEveryMinutes: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a create or update writes. */
export type AlertChannelInput = Pick<
  AlertChannelRecord,
  'name' | 'config' | 'sealedSecrets' | 'notifyOn' | 'reminderEveryMinutes'
>;

const channelRow = z.object({
  id: z.string(),
  org_id: z.string(),
  name: z.string(),
  type: z.enum(alertChannelKinds),
  config: z.record(z.string(), z.unknown()),
  sealed_secrets: z.instanceof(Buffer).nullable(),
  notify_on: z.array(z.string()),
  reminder_every_minutes: z.number().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
});

const columns = sql.fragment`id, org_id, name, type, config, sealed_secrets, notify_on, reminder_every_minutes,
  created_at, updated_at`;

/** Row → record: the one converter for alert channels. */
function toAlertChannel(row: z.infer<typeof channelRow>): AlertChannelRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    type: row.type,
    config: row.config,
    sealedSecrets: row.sealed_secrets,
    notifyOn: row.notify_on,
    reminderEveryMinutes: row.reminder_every_minutes,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

const sealed = (value: Buffer | null) => (value ? sql.binary(value) : null);

/** Stores a new channel with a caller-chosen id (the id is bound into the sealed secrets). */
export async function insertAlertChannel(
  db: Queryable,
  input: AlertChannelInput & { id: string; orgId: string; type: AlertChannelKind; createdBy: string | null },
): Promise<AlertChannelRecord> {
  const row = await db.one(sql.type(channelRow)`
    INSERT INTO alert_channels (id, org_id, name, type, config, sealed_secrets, notify_on, reminder_every_minutes,
      created_by)
    VALUES (${input.id}, ${input.orgId}, ${input.name}, ${input.type}, ${sql.jsonb(input.config as never)},
      ${sealed(input.sealedSecrets)}, ${sql.array(input.notifyOn, 'text')}, ${input.reminderEveryMinutes},
      ${input.createdBy})
    RETURNING ${columns}`);
  return toAlertChannel(row);
}

/** A channel of this organization; `forUpdate` locks its row for the transaction. */
export async function findAlertChannel(
  db: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<AlertChannelRecord | null> {
  const lock = options.forUpdate ? sql.fragment`FOR UPDATE` : sql.fragment``;
  const row = await db.maybeOne(sql.type(channelRow)`
    SELECT ${columns} FROM alert_channels WHERE org_id = ${orgId} AND id = ${id} ${lock}`);
  return row ? toAlertChannel(row) : null;
}

/** Every channel of an organization, oldest first; `ids` narrows to those ids. */
export async function listAlertChannels(
  db: Queryable,
  orgId: string,
  ids: readonly string[] | null = null,
): Promise<AlertChannelRecord[]> {
  const only = ids ? sql.fragment`AND id = ANY(${sql.array([...ids], 'uuid')})` : sql.fragment``;
  const rows = await db.any(sql.type(channelRow)`
    SELECT ${columns} FROM alert_channels WHERE org_id = ${orgId} ${only} ORDER BY created_at, id`);
  return rows.map(toAlertChannel);
}

/** Replaces a channel's settings (its type never changes); null when the organization has no such channel. */
export async function updateAlertChannel(
  db: Queryable,
  orgId: string,
  id: string,
  input: AlertChannelInput,
): Promise<AlertChannelRecord | null> {
  const row = await db.maybeOne(sql.type(channelRow)`
    UPDATE alert_channels SET name = ${input.name}, config = ${sql.jsonb(input.config as never)},
      sealed_secrets = ${sealed(input.sealedSecrets)}, notify_on = ${sql.array(input.notifyOn, 'text')},
      reminder_every_minutes = ${input.reminderEveryMinutes}, updated_at = now()
    WHERE org_id = ${orgId} AND id = ${id} RETURNING ${columns}`);
  return row ? toAlertChannel(row) : null;
}

/** Deletes a channel of this organization (its deliveries go with it); null when there was none. */
export async function deleteAlertChannel(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<AlertChannelRecord | null> {
  const row = await db.maybeOne(sql.type(channelRow)`
    DELETE FROM alert_channels WHERE org_id = ${orgId} AND id = ${id} RETURNING ${columns}`);
  return row ? toAlertChannel(row) : null;
}
