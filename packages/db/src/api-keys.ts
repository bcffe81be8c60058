import type { Role } from '@vantage/domain';
import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** An organization's API key (never its secret). */
export interface ApiKeyRecord {
  id: string;
  orgId: string;
  name: string;
  role: Exclude<Role, 'owner'>;
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const apiKeyRow = z.object({
  id: z.string(),
  org_id: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'member', 'viewer']),
  prefix: z.string(),
  created_by: z.string().nullable(),
  created_at: z.number(),
  last_used_at: z.number().nullable(),
  revoked_at: z.number().nullable(),
});

const columns = sql.fragment`id, org_id, name, role, prefix, created_by, created_at, last_used_at, revoked_at`;

/** Row → record: the one converter for API keys. */
function toApiKey(row: z.infer<typeof apiKeyRow>): ApiKeyRecord {
  const date = (value: number | null) => (value === null ? null : new Date(value));
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    lastUsedAt: date(row.last_used_at),
    revokedAt: date(row.revoked_at),
  };
}

/** Stores a new key by the hash of its secret. */
export async function insertApiKey(
  db: Queryable,
  input: {
    orgId: string;
    name: string;
    role: ApiKeyRecord['role'];
    prefix: string;
    secretHash: Buffer;
    createdBy: string | null;
  },
): Promise<ApiKeyRecord> {
  const row = await db.one(sql.type(apiKeyRow)`
    INSERT INTO api_keys (org_id, name, role, prefix, secret_hash, created_by)
    VALUES (${input.orgId}, ${input.name}, ${input.role}, ${input.prefix}, ${sql.binary(input.secretHash)}, ${input.createdBy})
    RETURNING ${columns}`);
  return toApiKey(row);
}

/** The unrevoked key with this secret hash. */
export async function findLiveApiKey(db: Queryable, secretHash: Buffer): Promise<ApiKeyRecord | null> {
  const row = await db.maybeOne(sql.type(apiKeyRow)`
    SELECT ${columns} FROM api_keys WHERE secret_hash = ${sql.binary(secretHash)} AND revoked_at IS NULL`);
  return row ? toApiKey(row) : null;
}

/** Every key of an organization, newest first (revoked ones included, marked). */
export async function listApiKeys(db: Queryable, orgId: string): Promise<ApiKeyRecord[]> {
  const rows = await db.any(sql.type(apiKeyRow)`
    SELECT ${columns} FROM api_keys WHERE org_id = ${orgId} ORDER BY created_at DESC, id`);
  return rows.map(toApiKey);
}

/** Revokes a key of this organization; null when the organization has no such key. */
export async function revokeApiKey(db: Queryable, orgId: string, id: string): Promise<ApiKeyRecord | null> {
  const row = await db.maybeOne(sql.type(apiKeyRow)`
    UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
    WHERE org_id = ${orgId} AND id = ${id} RETURNING ${columns}`);
  return row ? toApiKey(row) : null;
}

/** Records that a key was used (callers throttle this). */
export async function touchApiKey(db: Queryable, id: string): Promise<void> {
  await db.query(sql.unsafe`UPDATE api_keys SET last_used_at = now() WHERE id = ${id}`);
}
