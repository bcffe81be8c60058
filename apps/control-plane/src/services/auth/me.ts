import { authEndpoints } from '@vantage/api-contract';
import { listMemberships } from '@vantage/db';
import { toOrganizationDto, toUserDto } from '../../http/dto.ts';
import { handler, requireUser } from '../../http/handler.ts';

/** The signed-in user and every organization they belong to. */
export const me = handler(authEndpoints.me, async (request) => {
  const user = requireUser(request);
  const memberships = await listMemberships(request.app.db, user.id);
  return {
    user: toUserDto(user),
    memberships: memberships.map((membership) => ({
      organization: toOrganizationDto(membership.organization),
      role: membership.role,
    })),
  };
});
