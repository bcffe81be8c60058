import type { BoundHandler } from '../../http/handler.ts';
import { listMembers } from './list.ts';
import { removeMember } from './remove.ts';
import { updateMember } from './update.ts';

/** The handlers of this area, in the order they are registered. */
export const handlers: BoundHandler[] = [listMembers, updateMember, removeMember];
