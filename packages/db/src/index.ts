export { sql } from 'slonik';
export * from './alert-channels.ts';
export {
  type ApiKeyRecord,
  findLiveApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
} from './api-keys.ts';
export * from './assignments.ts';
export { type AuditActor, type AuditEntry, insertAuditEntry, listAuditEntries } from './audit-log.ts';
export * from './billing.ts';
export * from './deliveries.ts';
export { consumeEmailToken, type EmailTokenKind, insertEmailToken } from './email-tokens.ts';
export * from './incidents.ts';
export * from './invitations.ts';
export * from './maintenance-windows.ts';
export * from './memberships.ts';
export { migrateDatabase, migrationsDir, pendingDatabaseMigrations } from './migrate.ts';
export * from './monitor-overview.ts';
export * from './monitor-states.ts';
export * from './monitors.ts';
export * from './operator-organizations.ts';
export {
  deleteOrganization,
  findMembershipBySlug,
  findOrganizationBySlug,
  insertOrganization,
  listMemberships,
  type MembershipRecord,
  type OrganizationRecord,
  renameOrganization,
  slugTaken,
  upsertMembership,
} from './organizations.ts';
export { createDatabasePool, type DatabasePool, type DatabasePoolOptions } from './pool.ts';
export * from './probe-tokens.ts';
export type { Queryable } from './queryable.ts';
export * from './regions.ts';
export {
  findLiveSession,
  findLiveSessionUser,
  insertSession,
  revokeSession,
  revokeUserSessions,
  type SessionRecord,
  touchSession,
} from './sessions.ts';
export * from './status-page-layout.ts';
export * from './status-page-public.ts';
export * from './status-pages.ts';
export * from './subscriber-deliveries.ts';
export * from './subscribers.ts';
export {
  countUsers,
  findUserByEmail,
  findUserById,
  insertUser,
  markEmailVerified,
  setOperator,
  setPasswordHash,
  type UserRecord,
} from './users.ts';
