import type { BoundHandler } from '../../http/handler.ts';
import { acceptInvitation } from './accept.ts';
import { createInvitation } from './create.ts';
import { listInvitations } from './list.ts';
import { revokeInvitation } from './revoke.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [
  createInvitation,
  listInvitations,
  revokeInvitation,
  acceptInvitation,
];
