export * as adminEndpoints from './admin.ts';
export * as alertChannelEndpoints from './alert-channels.ts';
export * as apiKeyEndpoints from './api-keys.ts';
export * as auditLogEndpoints from './audit-log.ts';
export * as authEndpoints from './auth.ts';
export { membershipSchema, organizationSchema, userSchema } from './auth.ts';
export * as billingEndpoints from './billing.ts';
export * as checkNowEndpoints from './check-now.ts';
export {
  type ApiError,
  apiErrorSchema,
  emailSchema,
  orgIdParams,
  orgParams,
  orgSlugSchema,
  pageOf,
  pageQuery,
  timestamp,
} from './common.ts';
export {
  type Access,
  type Endpoint,
  endpoint,
  type HttpMethod,
  pathParameters,
  type RateLimitRule,
} from './endpoint.ts';
export * as heartbeatEndpoints from './heartbeats.ts';
export * as incidentEndpoints from './incidents.ts';
export * as invitationEndpoints from './invitations.ts';
export * as maintenanceWindowEndpoints from './maintenance-windows.ts';
export * as memberEndpoints from './members.ts';
export * as monitorOverviewEndpoints from './monitor-overview.ts';
export * as monitorStatsEndpoints from './monitor-stats.ts';
export * as monitorEndpoints from './monitors.ts';
export { buildOpenApi } from './openapi.ts';
export * as organizationEndpoints from './organizations.ts';
export * as regionEndpoints from './regions.ts';
export * as resultEndpoints from './results.ts';
export { checkResultSchema } from './results.ts';
export * as statusPageEndpoints from './status-pages.ts';
export * as subscriberEndpoints from './subscribers.ts';
