import { organizationEndpoints } from '@vantage/api-contract';
import { findMember, lockMemberships } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg, requireUser } from '../../http/handler.ts';
import { removeMember } from '../members/departure.ts';

/** The caller leaves the organization; its last owner cannot. */
export const leaveOrganization = handler(organizationEndpoints.leave, async (request) => {
  const { organization } = requireOrg(request);
  if (request.actor?.kind !== 'user') {
    throw new ServiceError('forbidden', 'An API key cannot leave; revoke it instead');
  }
  const user = requireUser(request);
  await request.app.db.transaction(async (tx) => {
    await lockMemberships(tx, organization.id);
    const member = await findMember(tx, organization.id, user.id);
    if (!member) throw new ServiceError('not_found', 'Organization not found');
    await removeMember(tx, request.actor, member);
  });
  return undefined;
});
