import { auditLogEndpoints } from '@vantage/api-contract';
import { type AuditEntry, listAuditEntries } from '@vantage/db';
import { handler, requireOrg } from '../../http/handler.ts';

/** Audit entry → API shape. */
export function toAuditEntryDto(entry: AuditEntry) {
  return {
    id: entry.id,
    actor: entry.actor,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    diff: entry.diff,
    createdAt: entry.createdAt.toISOString(),
  };
}

/** A page of the organization's audit log, newest first; the cursor is the last id of the previous page. */
export const listAuditLog = handler(auditLogEndpoints.list, async (request) => {
  const { organization } = requireOrg(request);
  const { cursor, limit } = request.query;
  // One extra row tells whether another page follows.
  const entries = await listAuditEntries(request.app.db, {
    orgId: organization.id,
    beforeId: cursor ?? null,
    limit: limit + 1,
  });
  const items = entries.slice(0, limit);
  const nextCursor = entries.length > limit ? items[items.length - 1]!.id : null;
  return { items: items.map(toAuditEntryDto), nextCursor };
});
