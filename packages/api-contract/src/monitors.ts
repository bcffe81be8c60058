import {
  dnsRecordTypes,
  httpMethods,
  jsonPathOps,
  type MonitorKind,
  type MonitorSpecOf,
  monitorPatchSchema,
  monitorSpecSchema,
  monitorStatuses,
  statusClasses,
} from '@vantage/domain';
import { z } from 'zod';
import { orgIdParams, orgParams, pageOf, pageQuery, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

// Response shapes are plain (no transforms, no refinements): they serialise stored, already-validated specs.
const common = {
  id: z.uuid(),
  name: z.string(),
  alertChannelIds: z.array(z.uuid()),
  tags: z.array(z.string()),
  regions: z.array(z.string()),
  quorum: z.int().nullable(),
  status: z.enum(monitorStatuses),
  paused: z.boolean(),
  /** Why the monitor was paused automatically (plan downgrade); null when a person paused it. */
  pausedReason: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
};

const probed = {
  ...common,
  intervalSeconds: z.int(),
  timeoutMs: z.int(),
  failureThreshold: z.int(),
  recoveryThreshold: z.int(),
};

const jsonScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const httpMonitor = z.object({
  type: z.literal('http'),
  ...probed,
  method: z.enum(httpMethods),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
  followRedirects: z.boolean(),
  expectedStatusCodes: z.array(z.union([z.int(), z.enum(statusClasses)])),
  bodyContains: z.string().nullable(),
  bodyNotContains: z.string().nullable(),
  jsonPathAssertions: z.array(
    z.object({ path: z.string(), op: z.enum(jsonPathOps), value: jsonScalar.optional() }),
  ),
  degradedAboveMs: z.int().nullable(),
  verifyTls: z.boolean(),
});

const tcpMonitor = z.object({ type: z.literal('tcp'), ...probed, host: z.string(), port: z.int() });

const dnsMonitor = z.object({
  type: z.literal('dns'),
  ...probed,
  recordName: z.string(),
  recordType: z.enum(dnsRecordTypes),
  expectedValues: z.array(z.string()),
  resolver: z.string().nullable(),
});

const tlsMonitor = z.object({
  type: z.literal('tls'),
  ...probed,
  host: z.string(),
  port: z.int(),
  expiryWarningDays: z.int(),
});

const heartbeatMonitor = z.object({
  type: z.literal('heartbeat'),
  ...common,
  quorum: z.null(),
  expectedEverySeconds: z.int(),
  graceSeconds: z.int(),
  /** The secret URL the customer's job pings (GET or POST). */
  heartbeatUrl: z.string(),
});

/** A monitor as the API shows it: its spec plus id, status, pause state and timestamps. */
export const monitorSchema = z.discriminatedUnion('type', [
  httpMonitor,
  tcpMonitor,
  dnsMonitor,
  tlsMonitor,
  heartbeatMonitor,
]);

/** A monitor in API responses. */
export type MonitorDto = z.input<typeof monitorSchema>;

type Extra = 'id' | 'status' | 'paused' | 'pausedReason' | 'createdAt' | 'updatedAt' | 'heartbeatUrl';
type SpecPart<K extends MonitorKind> = Omit<Extract<MonitorDto, { type: K }>, Extra>;
type SpecFields<K extends MonitorKind> = Omit<MonitorSpecOf<K>, Extra>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
// Compile-time guard: each response shape carries exactly the fields of its kind's spec.
const responsesMatchSpecs: {
  [K in MonitorKind]: Same<keyof SpecPart<K>, keyof SpecFields<K>> &
    (SpecFields<K> extends SpecPart<K> ? true : never);
} = { http: true, tcp: true, dns: true, tls: true, heartbeat: true };
void responsesMatchSpecs;

const path = '/orgs/{org}/monitors';

/** `POST /orgs/{org}/monitors`. */
export const create = endpoint({
  id: 'monitors.create',
  method: 'POST',
  path,
  summary: 'Create a monitor (plan limits and target address rules apply)',
  tag: 'monitors',
  access: { kind: 'org', action: 'monitor:write' },
  params: orgParams,
  body: monitorSpecSchema,
  response: monitorSchema,
});

/** `GET /orgs/{org}/monitors`. */
export const list = endpoint({
  id: 'monitors.list',
  method: 'GET',
  path,
  summary: 'List monitors, oldest first, optionally filtered by status, tag or name',
  tag: 'monitors',
  access: { kind: 'org', action: 'monitor:read' },
  params: orgParams,
  query: pageQuery.extend({
    status: z.enum(monitorStatuses).optional(),
    tag: z.string().trim().min(1).max(50).optional(),
    q: z.string().trim().min(1).max(200).optional(),
  }),
  response: pageOf(monitorSchema),
});

/** `GET /orgs/{org}/monitors/{id}`. */
export const get = endpoint({
  id: 'monitors.get',
  method: 'GET',
  path: `${path}/{id}`,
  summary: 'One monitor',
  tag: 'monitors',
  access: { kind: 'org', action: 'monitor:read' },
  params: orgIdParams,
  response: monitorSchema,
});

/** `PATCH /orgs/{org}/monitors/{id}`. */
export const update = endpoint({
  id: 'monitors.update',
  method: 'PATCH',
  path: `${path}/{id}`,
  summary: 'Change some fields of a monitor; the result is validated as a whole and its type cannot change',
  tag: 'monitors',
  access: { kind: 'org', action: 'monitor:write' },
  params: orgIdParams,
  body: monitorPatchSchema,
  response: monitorSchema,
});

/** `DELETE /orgs/{org}/monitors/{id}`. */
export const remove = endpoint({
  id: 'monitors.delete',
  method: 'DELETE',
  path: `${path}/{id}`,
  summary: 'Delete a monitor',
  tag: 'monitors',
  access: { kind: 'org', action: 'monitor:write' },
  params: orgIdParams,
  response: null,
  status: 204,
});

/** `POST /orgs/{org}/monitors/{id}/pause`. */
export const pause = endpoint({
  id: 'monitors.pause',
  method: 'POST',
  path: `${path}/{id}/pause`,
  summary: 'Stop checking a monitor until it is resumed',
  tag: 'monitors',
  access: { kind: 'org', action: 'monitor:write' },
  params: orgIdParams,
  response: monitorSchema,
  status: 200,
});

/** `POST /orgs/{org}/monitors/{id}/resume`. */
export const resume = endpoint({
  id: 'monitors.resume',
  method: 'POST',
  path: `${path}/{id}/resume`,
  summary: 'Start checking a paused monitor again (plan limits apply)',
  tag: 'monitors',
  access: { kind: 'org', action: 'monitor:write' },
  params: orgIdParams,
  response: monitorSchema,
  status: 200,
});
