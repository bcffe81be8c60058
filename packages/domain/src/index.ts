export type { AlertChannelKind } from './alert-channels.ts';
export { alertChannelKinds } from './alert-channels.ts';
export type { CheckOutcome, CheckResult, FailureKind } from './check-result.ts';
export { failureKinds, isFailureKind } from './check-result.ts';
export * from './evaluation/index.ts';
export type { AddressClass, AddressDecision } from './ip-rules.ts';
export { classifyAddress, isAddressAllowed, parseHostLiteral, toAsciiHost } from './ip-rules.ts';
export type { DnsMonitorSpec, DnsRecordType } from './monitor/dns.ts';
export { dnsMonitorSchema, dnsRecordTypes } from './monitor/dns.ts';
export { normalizeHost, regionIdPattern } from './monitor/fields.ts';
export type { ProbeSpec } from './monitor/fingerprint.ts';
export { canonicalJson, fnv1a64Hex, monitorFingerprint, probeSpecOf } from './monitor/fingerprint.ts';
export type { HeartbeatMonitorSpec } from './monitor/heartbeat.ts';
export { heartbeatMonitorSchema } from './monitor/heartbeat.ts';
export type { ExpectedStatus, HttpMonitorSpec } from './monitor/http.ts';
export { httpMethods, httpMonitorSchema, statusClasses, statusCodeMatches } from './monitor/http.ts';
export type {
  JsonAssertionOutcome,
  JsonPathAssertion,
  JsonPathOp,
  JsonPathSegment,
  JsonScalar,
} from './monitor/json-path.ts';
export {
  evaluateJsonPathAssertion,
  jsonPathOps,
  parseJsonPath,
  selectJsonPath,
} from './monitor/json-path.ts';
export type {
  MonitorKind,
  MonitorPatch,
  MonitorSpec,
  MonitorSpecInput,
  MonitorSpecOf,
  MonitorStatus,
} from './monitor/spec.ts';
export {
  applyMonitorPatch,
  monitorKinds,
  monitorPatchSchema,
  monitorSchemas,
  monitorSpecSchema,
  monitorStatuses,
} from './monitor/spec.ts';
export type { MonitorTarget } from './monitor/target.ts';
export { literalTargetViolations, monitorTargets } from './monitor/target.ts';
export type { TcpMonitorSpec } from './monitor/tcp.ts';
export { tcpMonitorSchema } from './monitor/tcp.ts';
export type { TlsMonitorSpec } from './monitor/tls.ts';
export { tlsMonitorSchema } from './monitor/tls.ts';
export type { LimitCode, LimitViolation, MonitorForLimits, MonitorToPause } from './plan-limits.ts';
export {
  checkAlertChannelKind,
  checkFeature,
  checkMemberLimit,
  checkMonitorLimits,
  checkMonitorSpecLimits,
  checkStatusPageLimit,
  limitExceededError,
  monitorsOverLimit,
} from './plan-limits.ts';
export type { Plan, PlanFeature, PlanId } from './plans.ts';
export { hasFeature, isPlanId, planFeatures, planIds, plans } from './plans.ts';
export { rendezvousOwner } from './rendezvous.ts';
export type { Action, Role } from './roles.ts';
export { actions, can, canGrantRole, canManageMember, isRole, roleRank, roles } from './roles.ts';
export type { FieldIssue, ServiceErrorCode, ServiceErrorDetails } from './service-error.ts';
export { isServiceError, ServiceError, validationError, zodIssuesToDetails } from './service-error.ts';
export type { AlertEventKind, RegionState, StatusEvent, StatusScope } from './status.ts';
export { alertEventKinds, regionStates } from './status.ts';
export * from './uptime/index.ts';
