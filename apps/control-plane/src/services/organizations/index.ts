import type { BoundHandler } from '../../http/handler.ts';
import { createOrganization } from './create.ts';
import { deleteOrganization } from './delete.ts';
import { leaveOrganization } from './leave.ts';
import { getOrganization } from './read.ts';
import { transferOwnership } from './transfer-ownership.ts';
import { updateOrganization } from './update.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [
  createOrganization,
  getOrganization,
  updateOrganization,
  deleteOrganization,
  transferOwnership,
  leaveOrganization,
];
