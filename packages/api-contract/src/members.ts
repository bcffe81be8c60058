import { roles } from '@vantage/domain';
import { z } from 'zod';
import { orgParams, orgSlugSchema, pageOf, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

/** A member of an organization as the API shows it. */
export const memberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  joinedAt: timestamp,
});

const memberParams = z.strictObject({ org: orgSlugSchema, userId: z.uuid() });

/** `GET /orgs/{org}/members`. */
export const list = endpoint({
  id: 'members.list',
  method: 'GET',
  path: '/orgs/{org}/members',
  summary: "The organization's members",
  tag: 'members',
  access: { kind: 'org', action: 'member:read' },
  params: orgParams,
  response: pageOf(memberSchema),
});

/** `PATCH /orgs/{org}/members/{userId}`. */
export const update = endpoint({
  id: 'members.update',
  method: 'PATCH',
  path: '/orgs/{org}/members/{userId}',
  summary: "Change a member's role",
  tag: 'members',
  access: { kind: 'org', action: 'member:manage' },
  params: memberParams,
  body: z.strictObject({ role: z.enum(roles) }),
  response: memberSchema,
});

/** `DELETE /orgs/{org}/members/{userId}`. */
export const remove = endpoint({
  id: 'members.delete',
  method: 'DELETE',
  path: '/orgs/{org}/members/{userId}',
  summary: 'Remove a member (the last owner cannot be removed)',
  tag: 'members',
  access: { kind: 'org', action: 'member:manage' },
  params: memberParams,
  response: null,
  status: 204,
});
