import { regionIdPattern } from '@vantage/domain';
import { z } from 'zod';
import { orgSlugSchema, pageOf, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

/** A region id: 3–40 lowercase letters, digits and dashes (`eu-west`). */
export const regionIdSchema = z
  .string()
  .regex(
    regionIdPattern,
    'Use 3–40 lowercase letters, digits and dashes, starting and ending with a letter or digit',
  );

const regionName = z.string().trim().min(1, 'Give the region a name').max(100);
const regionLocation = z.string().trim().max(100);

/** Body that creates a region: `{ id, name, location }`. */
export const regionInputSchema = z.strictObject({
  id: regionIdSchema,
  name: regionName,
  location: regionLocation.default(''),
});

/** Body that renames or relocates a region. */
export const regionPatchSchema = z.strictObject({
  name: regionName.optional(),
  location: regionLocation.optional(),
});

/** A region an organization may check from: a platform region, or one of its own (`private`). */
export const regionSchema = z.object({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  private: z.boolean(),
  createdAt: timestamp,
});

/** A probe token as the API shows it: never the secret, only its display prefix. */
export const probeTokenSchema = z.object({
  id: z.uuid(),
  regionId: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});

/** A newly issued probe token with its secret (`vp_…`), shown this once. */
export const issuedProbeTokenSchema = z.object({ probeToken: probeTokenSchema, token: z.string() });

/** Body that issues a probe token: a name saying which probe will use it. */
export const probeTokenNameSchema = z.string().trim().min(1, 'Name the probe this token is for').max(100);

const orgRegionParams = z.strictObject({ org: orgSlugSchema, id: regionIdSchema });

/** `GET /orgs/{org}/regions`. */
export const list = endpoint({
  id: 'regions.list',
  method: 'GET',
  path: '/orgs/{org}/regions',
  summary: "Regions this organization's monitors may use: every platform region and its own private ones",
  tag: 'regions',
  access: { kind: 'org', action: 'org:read' },
  params: z.strictObject({ org: orgSlugSchema }),
  response: pageOf(regionSchema),
});

/** `POST /orgs/{org}/regions`. */
export const create = endpoint({
  id: 'regions.create',
  method: 'POST',
  path: '/orgs/{org}/regions',
  summary: "Create a private region, checked only by this organization's own probes",
  tag: 'regions',
  access: { kind: 'org', action: 'org:update' },
  params: z.strictObject({ org: orgSlugSchema }),
  body: regionInputSchema,
  response: regionSchema,
});

/** `DELETE /orgs/{org}/regions/{id}`. */
export const remove = endpoint({
  id: 'regions.delete',
  method: 'DELETE',
  path: '/orgs/{org}/regions/{id}',
  summary: 'Delete a private region (refused while a monitor uses it); its probe tokens stop working',
  tag: 'regions',
  access: { kind: 'org', action: 'org:update' },
  params: orgRegionParams,
  response: null,
  status: 204,
});

/** `GET /orgs/{org}/regions/{id}/probe-tokens`. */
export const listProbeTokens = endpoint({
  id: 'regions.listProbeTokens',
  method: 'GET',
  path: '/orgs/{org}/regions/{id}/probe-tokens',
  summary: 'Probe tokens of a private region, newest first (revoked ones included, marked)',
  tag: 'regions',
  access: { kind: 'org', action: 'org:update' },
  params: orgRegionParams,
  response: pageOf(probeTokenSchema),
});

/** `POST /orgs/{org}/regions/{id}/probe-tokens`. */
export const issueProbeToken = endpoint({
  id: 'regions.issueProbeToken',
  method: 'POST',
  path: '/orgs/{org}/regions/{id}/probe-tokens',
  summary: 'Issue a token for a probe of a private region; the secret is shown once',
  tag: 'regions',
  access: { kind: 'org', action: 'org:update' },
  params: orgRegionParams,
  body: z.strictObject({ name: probeTokenNameSchema }),
  response: issuedProbeTokenSchema,
});

/** `DELETE /orgs/{org}/regions/{id}/probe-tokens/{tokenId}`. */
export const revokeProbeToken = endpoint({
  id: 'regions.revokeProbeToken',
  method: 'DELETE',
  path: '/orgs/{org}/regions/{id}/probe-tokens/{tokenId}',
  summary: 'Revoke a probe token of a private region',
  tag: 'regions',
  access: { kind: 'org', action: 'org:update' },
  params: z.strictObject({ org: orgSlugSchema, id: regionIdSchema, tokenId: z.uuid() }),
  response: null,
  status: 204,
});
