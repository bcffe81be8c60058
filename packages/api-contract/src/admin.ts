import { planIds } from '@vantage/domain';
import { z } from 'zod';
import { orgSlugSchema, pageOf, pageQuery, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';
import {
  issuedProbeTokenSchema,
  probeTokenNameSchema,
  probeTokenSchema,
  regionIdSchema,
  regionInputSchema,
  regionPatchSchema,
} from './regions.ts';

const operator = { kind: 'operator' } as const;
const regionParams = z.strictObject({ id: regionIdSchema });

/** A region as operators see it: platform regions and every organization's private ones. */
export const adminRegionSchema = z.object({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  private: z.boolean(),
  /** The owning organization of a private region; null for platform regions. */
  orgId: z.uuid().nullable(),
  createdAt: timestamp,
});

/** A probe connected right now (its presence has not expired), as the instance holding its stream reports it. */
export const adminLiveProbeSchema = z.object({
  /** The UUID the probe process chose at start. */
  probeId: z.string(),
  regionId: z.string(),
  /** The token it connected with. */
  tokenId: z.uuid(),
  tokenName: z.string(),
  version: z.string(),
  hostname: z.string(),
  connectedAt: timestamp,
  /** When the probe last sent anything (results or its periodic status report). */
  lastSeenAt: timestamp,
  /** The control-plane instance holding its stream. */
  instance: z.string(),
  assignedMonitors: z.number().int(),
  /** Results received per second over the last minute (or since it connected, when shorter). */
  checksPerSecond: z.number(),
  /** Results the probe holds unacknowledged; null when the probe does not report it (older probes). */
  bufferedResults: z.number().int().nullable(),
  /** Results the probe dropped because its buffer was full; null when not reported. */
  droppedResults: z.number().int().nullable(),
});

/** One region of the probe fleet: its live probes and unrevoked tokens; `live` is false when no probe is connected. */
export const adminRegionProbesSchema = z.object({
  regionId: z.string(),
  regionName: z.string(),
  private: z.boolean(),
  live: z.boolean(),
  probes: z.array(adminLiveProbeSchema),
  tokens: z.array(probeTokenSchema),
});

/** An organization as operators see it: plan and size. */
export const adminOrganizationSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  plan: z.enum(planIds),
  memberCount: z.number().int(),
  monitorCount: z.number().int(),
  activeMonitorCount: z.number().int(),
  createdAt: timestamp,
});

/** `GET /admin/regions`. */
export const listRegions = endpoint({
  id: 'admin.listRegions',
  method: 'GET',
  path: '/admin/regions',
  summary: 'Every region: platform regions and organizations’ private ones',
  tag: 'admin',
  access: operator,
  response: pageOf(adminRegionSchema),
});

/** `POST /admin/regions`. */
export const createRegion = endpoint({
  id: 'admin.createRegion',
  method: 'POST',
  path: '/admin/regions',
  summary: 'Create a platform region (available to every organization)',
  tag: 'admin',
  access: operator,
  body: regionInputSchema,
  response: adminRegionSchema,
});

/** `PATCH /admin/regions/{id}`. */
export const updateRegion = endpoint({
  id: 'admin.updateRegion',
  method: 'PATCH',
  path: '/admin/regions/{id}',
  summary: 'Rename a region or change its location',
  tag: 'admin',
  access: operator,
  params: regionParams,
  body: regionPatchSchema,
  response: adminRegionSchema,
});

/** `DELETE /admin/regions/{id}`. */
export const deleteRegion = endpoint({
  id: 'admin.deleteRegion',
  method: 'DELETE',
  path: '/admin/regions/{id}',
  summary: 'Delete a region (refused while a monitor uses it); its probe tokens stop working',
  tag: 'admin',
  access: operator,
  params: regionParams,
  response: null,
  status: 204,
});

/** `GET /admin/probe-tokens`. */
export const listProbeTokens = endpoint({
  id: 'admin.listProbeTokens',
  method: 'GET',
  path: '/admin/probe-tokens',
  summary: 'Probe tokens, newest first, optionally of one region (revoked ones included, marked)',
  tag: 'admin',
  access: operator,
  query: z.strictObject({ region: regionIdSchema.optional() }),
  response: pageOf(probeTokenSchema),
});

/** `POST /admin/probe-tokens`. */
export const issueProbeToken = endpoint({
  id: 'admin.issueProbeToken',
  method: 'POST',
  path: '/admin/probe-tokens',
  summary: 'Issue a token a probe uses to join a region; the secret is shown once',
  tag: 'admin',
  access: operator,
  body: z.strictObject({ regionId: regionIdSchema, name: probeTokenNameSchema }),
  response: issuedProbeTokenSchema,
});

/** `DELETE /admin/probe-tokens/{id}`. */
export const revokeProbeToken = endpoint({
  id: 'admin.revokeProbeToken',
  method: 'DELETE',
  path: '/admin/probe-tokens/{id}',
  summary: 'Revoke a probe token',
  tag: 'admin',
  access: operator,
  params: z.strictObject({ id: z.uuid() }),
  response: null,
  status: 204,
});

/** `GET /admin/probes`. */
export const listProbes = endpoint({
  id: 'admin.listProbes',
  method: 'GET',
  path: '/admin/probes',
  summary:
    'The probe fleet by region: live probes (version, last seen, assigned monitors, checks/s, buffer depth) and unrevoked tokens',
  tag: 'admin',
  access: operator,
  response: pageOf(adminRegionProbesSchema),
});

/** `GET /admin/organizations`. */
export const listOrganizations = endpoint({
  id: 'admin.listOrganizations',
  method: 'GET',
  path: '/admin/organizations',
  summary: 'Organizations by slug, with plan, member and monitor counts; `q` searches slug and name',
  tag: 'admin',
  access: operator,
  query: pageQuery.extend({ q: z.string().trim().max(100).optional() }),
  response: pageOf(adminOrganizationSchema),
});

/** `PATCH /admin/organizations/{org}`. */
export const updateOrganization = endpoint({
  id: 'admin.updateOrganization',
  method: 'PATCH',
  path: '/admin/organizations/{org}',
  summary:
    "Set an organization's plan; on a downgrade, monitors over the new limits are paused, never deleted",
  tag: 'admin',
  access: operator,
  params: z.strictObject({ org: orgSlugSchema }),
  body: z.strictObject({ plan: z.enum(planIds) }),
  response: z.object({
    organization: adminOrganizationSchema,
    pausedMonitors: z.array(z.object({ id: z.uuid(), reason: z.string() })),
  }),
});
