import { sql } from 'slonik';
import { z } from 'zod';
import type { Queryable } from './queryable.ts';

/** Who did something recorded in the audit log. */
export interface AuditActor {
  type: 'user' | 'api_key' | 'operator' | 'system';
  id: string | null;
  label: string;
}

/** One recorded write. */
export interface AuditEntry {
  id: string;
  orgId: string;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId: string | null;
  diff: unknown;
  createdAt: Date;
}

const auditRow = z.object({
  id: z.string(),
  org_id: z.string(),
  actor_type: z.enum(['user', 'api_key', 'operator', 'system']),
  actor_id: z.string().nullable(),
  actor_label: z.string(),
  action: z.string(),
  target_type: z.string(),
  target_id: z.string().nullable(),
  diff: z.unknown(),
  created_at: z.number(),
});

/** Records one write in the organization's audit log (call inside the write's transaction). */
export async function insertAuditEntry(
  db: Queryable,
  input: {
    orgId: string;
    actor: AuditActor;
    action: string;
    targetType: string;
    targetId: string | null;
    diff?: unknown;
  },
): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO audit_log (org_id, actor_type, actor_id, actor_label, action, target_type, target_id, diff)
    VALUES (${input.orgId}, ${input.actor.type}, ${input.actor.id}, ${input.actor.label}, ${input.action},
            ${input.targetType}, ${input.targetId}, ${input.diff === undefined ? null : sql.jsonb(input.diff as never)})`);
}

/** A page of the audit log, newest first; `beforeId` continues after the last entry of the previous page. */
export async function listAuditEntries(
  db: Queryable,
  input: { orgId: string; beforeId: string | null; limit: number },
): Promise<AuditEntry[]> {
  const rows = await db.any(sql.type(auditRow)`
    SELECT id::text AS id, org_id, actor_type, actor_id, actor_label, action, target_type, target_id, diff, created_at
    FROM audit_log
    WHERE org_id = ${input.orgId} ${input.beforeId ? sql.fragment`AND id < ${input.beforeId}::bigint` : sql.fragment``}
    ORDER BY audit_log.id DESC LIMIT ${input.limit}`);
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    actor: { type: row.actor_type, id: row.actor_id, label: row.actor_label },
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    diff: row.diff,
    createdAt: new Date(row.created_at),
  }));
}
