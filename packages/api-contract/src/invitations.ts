import { roles } from '@vantage/domain';
import { z } from 'zod';
import { membershipSchema } from './auth.ts';
import { emailSchema, orgIdParams, orgParams, pageOf, timestamp } from './common.ts';
import { endpoint } from './endpoint.ts';

/** A pending invitation as the API shows it (its token only ever travels in the email). */
export const invitationSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(roles),
  createdAt: timestamp,
  expiresAt: timestamp,
});

/** `POST /orgs/{org}/invitations`. */
export const create = endpoint({
  id: 'invitations.create',
  method: 'POST',
  path: '/orgs/{org}/invitations',
  summary: 'Invite someone by email (replaces a pending invitation to the same address)',
  tag: 'invitations',
  access: { kind: 'org', action: 'invitation:manage' },
  params: orgParams,
  body: z.strictObject({ email: emailSchema, role: z.enum(roles) }),
  response: invitationSchema,
});

/** `GET /orgs/{org}/invitations`. */
export const list = endpoint({
  id: 'invitations.list',
  method: 'GET',
  path: '/orgs/{org}/invitations',
  summary: 'Pending invitations',
  tag: 'invitations',
  access: { kind: 'org', action: 'invitation:manage' },
  params: orgParams,
  response: pageOf(invitationSchema),
});

/** `DELETE /orgs/{org}/invitations/{id}`. */
export const revoke = endpoint({
  id: 'invitations.revoke',
  method: 'DELETE',
  path: '/orgs/{org}/invitations/{id}',
  summary: 'Revoke a pending invitation',
  tag: 'invitations',
  access: { kind: 'org', action: 'invitation:manage' },
  params: orgIdParams,
  response: null,
  status: 204,
});

/** `POST /invitations/accept`. */
export const accept = endpoint({
  id: 'invitations.accept',
  method: 'POST',
  path: '/invitations/accept',
  summary: 'Accept an emailed invitation as the signed-in user (whose email it must be)',
  tag: 'invitations',
  access: { kind: 'user' },
  rateLimit: 'invitationAccept',
  body: z.strictObject({ token: z.string().min(10).max(200) }),
  response: membershipSchema,
});
