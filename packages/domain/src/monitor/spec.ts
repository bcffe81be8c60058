import * as z from 'zod';
import { dnsMonitorSchema } from './dns.ts';
import { fields } from './fields.ts';
import { heartbeatMonitorSchema } from './heartbeat.ts';
import { httpMonitorSchema } from './http.ts';
import { tcpMonitorSchema } from './tcp.ts';
import { tlsMonitorSchema } from './tls.ts';

/** The one list of monitor kinds; adding a kind starts here. */
export const monitorKinds = ['http', 'tcp', 'dns', 'tls', 'heartbeat'] as const;

/** One monitor kind (the `type` of a spec). */
export type MonitorKind = (typeof monitorKinds)[number];

/** Statuses a monitor shows, per region and overall. */
export const monitorStatuses = ['up', 'degraded', 'down', 'unknown', 'paused', 'maintenance'] as const;

/** One monitor status. */
export type MonitorStatus = (typeof monitorStatuses)[number];

/** The schema of each kind, keyed by kind. */
export const monitorSchemas = {
  http: httpMonitorSchema,
  tcp: tcpMonitorSchema,
  dns: dnsMonitorSchema,
  tls: tlsMonitorSchema,
  heartbeat: heartbeatMonitorSchema,
} as const satisfies Record<MonitorKind, z.ZodType>;

/** A monitor as a customer creates it: a union discriminated on `type`, unknown keys rejected. */
export const monitorSpecSchema = z.discriminatedUnion('type', [
  monitorSchemas.http,
  monitorSchemas.tcp,
  monitorSchemas.dns,
  monitorSchemas.tls,
  monitorSchemas.heartbeat,
]);

/** A validated monitor spec, defaults applied and hosts normalized. */
export type MonitorSpec = z.output<typeof monitorSpecSchema>;

/** A monitor spec as clients send it (defaults optional). */
export type MonitorSpecInput = z.input<typeof monitorSpecSchema>;

/** The spec of one kind. */
export type MonitorSpecOf<K extends MonitorKind> = Extract<MonitorSpec, { type: K }>;

// Compile-time guard: the union and the list of kinds name the same kinds.
const sameKinds: [MonitorSpec['type']] extends [MonitorKind]
  ? [MonitorKind] extends [MonitorSpec['type']]
    ? true
    : never
  : never = true;
void sameKinds;

type UnionKeys<T> = T extends unknown ? keyof T : never;
type UnionValue<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** A partial update of a monitor: any field of any kind; `type` may be repeated but never changed. */
export type MonitorPatch = { [K in UnionKeys<MonitorSpecInput>]?: UnionValue<MonitorSpecInput, K> };

function patchShape(): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const schema of Object.values(monitorSchemas)) {
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      // A patch must not fill in defaults: an absent field keeps the stored value.
      const bare = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
      shape[key] = bare.optional();
    }
  }
  // Fields whose per-kind rules differ (heartbeat's are fixed) take the general rule here.
  return {
    ...shape,
    type: z.enum(monitorKinds).optional(),
    regions: fields.regions.optional(),
    quorum: fields.quorum.optional(),
  };
}

/**
 * Field-level shape of a PATCH body (for API docs and early checks). The authoritative check is
 * `applyMonitorPatch`, which validates the merged monitor against its kind.
 */
export const monitorPatchSchema = z.strictObject(patchShape()) as unknown as z.ZodType<MonitorPatch>;

function patchFailure(path: string[], message: string, input: unknown): z.ZodSafeParseError<MonitorSpec> {
  const error = new z.ZodError([{ code: 'custom', path, message, input }]) as z.ZodError<MonitorSpec>;
  return { success: false, error };
}

/** Merge `patch` into `existing` and validate the result as a whole with `monitorSpecSchema`. */
export function applyMonitorPatch(existing: MonitorSpec, patch: unknown): z.ZodSafeParseResult<MonitorSpec> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    return patchFailure([], 'A patch must be a JSON object', patch);
  }
  // An explicit undefined means "not given"; JSON bodies never carry it.
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  if ('type' in changes && changes.type !== existing.type) {
    const message = `A monitor's type cannot change (it is ${existing.type}); create a new monitor instead`;
    return patchFailure(['type'], message, changes.type);
  }
  return monitorSpecSchema.safeParse({ ...existing, ...changes });
}
