import { type AuditActor, insertAuditEntry, type Queryable } from '@vantage/db';
import type { Actor } from '../http/handler.ts';

/** The audit-log identity of a request's caller. */
export function auditActorOf(actor: Actor | null): AuditActor {
  if (!actor) return { type: 'system', id: null, label: 'system' };
  if (actor.kind === 'api_key') return { type: 'api_key', id: actor.apiKeyId, label: actor.name };
  return { type: actor.user.isOperator ? 'operator' : 'user', id: actor.user.id, label: actor.user.email };
}

/** What a write changed, for the audit log. */
export interface AuditChange {
  action: string;
  targetType: string;
  targetId: string | null;
  diff?: unknown;
}

/** Records a write in the organization's audit log; call it inside the write's transaction. */
export function recordAudit(
  db: Queryable,
  actor: Actor | null,
  orgId: string,
  change: AuditChange,
): Promise<void> {
  return insertAuditEntry(db, { orgId, actor: auditActorOf(actor), ...change });
}

/** The fields whose values differ between two versions of a thing: `{ field: { from, to } }`. */
export function diffOf(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const diff: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      diff[key] = { from: before[key], to: after[key] };
  }
  return diff;
}
