import { invitationEndpoints } from '@vantage/api-contract';
import { listPendingInvitations } from '@vantage/db';
import { handler, requireOrg } from '../../http/handler.ts';
import { toInvitationDto } from './dto.ts';

/** The organization's pending invitations, newest first. */
export const listInvitations = handler(invitationEndpoints.list, async (request) => {
  const { organization } = requireOrg(request);
  const invitations = await listPendingInvitations(request.app.db, organization.id);
  return { items: invitations.map(toInvitationDto), nextCursor: null };
});
