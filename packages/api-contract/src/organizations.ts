import { z } from 'zod';
import { organizationSchema } from './auth.ts';
import { orgParams } from './common.ts';
import { endpoint } from './endpoint.ts';

const organizationName = z.string().trim().min(1).max(100);

/** `POST /orgs`. */
export const create = endpoint({
  id: 'organizations.create',
  method: 'POST',
  path: '/orgs',
  summary: 'Create another organization; the caller becomes its owner',
  tag: 'organizations',
  access: { kind: 'user' },
  body: z.strictObject({ name: organizationName }),
  response: organizationSchema,
});

/** `GET /orgs/{org}`. */
export const get = endpoint({
  id: 'organizations.get',
  method: 'GET',
  path: '/orgs/{org}',
  summary: 'An organization',
  tag: 'organizations',
  access: { kind: 'org', action: 'org:read' },
  params: orgParams,
  response: organizationSchema,
});

/** `PATCH /orgs/{org}`. */
export const update = endpoint({
  id: 'organizations.update',
  method: 'PATCH',
  path: '/orgs/{org}',
  summary: 'Rename an organization',
  tag: 'organizations',
  access: { kind: 'org', action: 'org:update' },
  params: orgParams,
  body: z.strictObject({ name: organizationName }),
  response: organizationSchema,
});

/** `DELETE /orgs/{org}`. */
export const remove = endpoint({
  id: 'organizations.delete',
  method: 'DELETE',
  path: '/orgs/{org}',
  summary: 'Delete an organization and everything in it',
  tag: 'organizations',
  access: { kind: 'org', action: 'org:delete' },
  params: orgParams,
  response: null,
  status: 204,
});

/** `POST /orgs/{org}/transfer-ownership`. */
export const transferOwnership = endpoint({
  id: 'organizations.transferOwnership',
  method: 'POST',
  path: '/orgs/{org}/transfer-ownership',
  summary: 'Make another member the owner; the caller becomes an admin',
  tag: 'organizations',
  access: { kind: 'org', action: 'ownership:transfer' },
  params: orgParams,
  body: z.strictObject({ userId: z.uuid() }),
  response: null,
  status: 204,
});

/** `POST /orgs/{org}/leave`. */
export const leave = endpoint({
  id: 'organizations.leave',
  method: 'POST',
  path: '/orgs/{org}/leave',
  summary: 'Leave an organization (its last owner cannot)',
  tag: 'organizations',
  access: { kind: 'org', action: 'org:read' },
  params: orgParams,
  response: null,
  status: 204,
});
