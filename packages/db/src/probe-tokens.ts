import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** A token a probe uses to join a region (never its secret, only the hash and a display prefix). */
export interface ProbeTokenRecord {
  id: string;
  regionId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const probeTokenRow = z.object({
  id: z.string(),
  region_id: z.string(),
  name: z.string(),
  prefix: z.string(),
  created_at: z.number(),
  last_used_at: z.number().nullable(),
  revoked_at: z.number().nullable(),
});

const columns = sql.fragment`t.id, t.region_id, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at`;

/** Row → record: the one converter for probe tokens. */
function toProbeToken(row: z.infer<typeof probeTokenRow>): ProbeTokenRecord {
  const date = (value: number | null) => (value === null ? null : new Date(value));
  return {
    id: row.id,
    regionId: row.region_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: new Date(row.created_at),
    lastUsedAt: date(row.last_used_at),
    revokedAt: date(row.revoked_at),
  };
}

/** Stores a new probe token by the hash of its secret. */
export async function insertProbeToken(
  db: Queryable,
  input: { regionId: string; name: string; prefix: string; tokenHash: Buffer },
): Promise<ProbeTokenRecord> {
  const row = await db.one(sql.type(probeTokenRow)`
    INSERT INTO probe_tokens AS t (region_id, name, prefix, token_hash)
    VALUES (${input.regionId}, ${input.name}, ${input.prefix}, ${sql.binary(input.tokenHash)})
    RETURNING ${columns}`);
  return toProbeToken(row);
}

/** Probe tokens, newest first, of one region or all (operators); `live` leaves out revoked ones. */
export async function listProbeTokens(
  db: Queryable,
  filter: { regionId?: string; live?: boolean } = {},
): Promise<ProbeTokenRecord[]> {
  const conditions = [sql.fragment`TRUE`];
  if (filter.regionId !== undefined) conditions.push(sql.fragment`t.region_id = ${filter.regionId}`);
  if (filter.live) conditions.push(sql.fragment`t.revoked_at IS NULL`);
  const rows = await db.any(sql.type(probeTokenRow)`
    SELECT ${columns} FROM probe_tokens t WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY t.created_at DESC, t.id`);
  return rows.map(toProbeToken);
}

/** Probe tokens of one of the organization's private regions, newest first. */
export async function listPrivateRegionProbeTokens(
  db: Queryable,
  orgId: string,
  regionId: string,
): Promise<ProbeTokenRecord[]> {
  const rows = await db.any(sql.type(probeTokenRow)`
    SELECT ${columns} FROM probe_tokens t JOIN regions r ON r.id = t.region_id
    WHERE r.org_id = ${orgId} AND t.region_id = ${regionId}
    ORDER BY t.created_at DESC, t.id`);
  return rows.map(toProbeToken);
}

/** Revokes a probe token (operators); null when there is no such token. */
export async function revokeProbeToken(db: Queryable, id: string): Promise<ProbeTokenRecord | null> {
  const row = await db.maybeOne(sql.type(probeTokenRow)`
    UPDATE probe_tokens AS t SET revoked_at = coalesce(revoked_at, now())
    WHERE t.id = ${id} RETURNING ${columns}`);
  return row ? toProbeToken(row) : null;
}

/** Revokes a token of one of the organization's private regions; null when it has no such token. */
export async function revokePrivateRegionProbeToken(
  db: Queryable,
  input: { orgId: string; regionId: string; id: string },
): Promise<ProbeTokenRecord | null> {
  const row = await db.maybeOne(sql.type(probeTokenRow)`
    UPDATE probe_tokens AS t SET revoked_at = coalesce(t.revoked_at, now())
    FROM regions r
    WHERE t.id = ${input.id} AND t.region_id = ${input.regionId} AND r.id = t.region_id AND r.org_id = ${input.orgId}
    RETURNING ${columns}`);
  return row ? toProbeToken(row) : null;
}

/** The unrevoked token with this secret hash: how a connecting probe is recognised. */
export async function findLiveProbeToken(db: Queryable, tokenHash: Buffer): Promise<ProbeTokenRecord | null> {
  const row = await db.maybeOne(sql.type(probeTokenRow)`
    SELECT ${columns} FROM probe_tokens t WHERE t.token_hash = ${sql.binary(tokenHash)} AND t.revoked_at IS NULL`);
  return row ? toProbeToken(row) : null;
}

/** Records that a probe used its token (callers throttle this). */
export async function touchProbeToken(db: Queryable, id: string): Promise<void> {
  await db.query(sql.unsafe`UPDATE probe_tokens SET last_used_at = now() WHERE id = ${id}`);
}

/** Revokes every live token of a region that carries this name (token rotation by the launcher). */
export async function revokeProbeTokensNamed(db: Queryable, regionId: string, name: string): Promise<number> {
  const result = await db.query(sql.unsafe`
    UPDATE probe_tokens SET revoked_at = now()
    WHERE region_id = ${regionId} AND name = ${name} AND revoked_at IS NULL`);
  return result.rowCount;
}
