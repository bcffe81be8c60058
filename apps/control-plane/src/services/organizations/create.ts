import { organizationEndpoints } from '@vantage/api-contract';
import { insertOrganization, upsertMembership } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { toOrganizationDto } from '../../http/dto.ts';
import { handler, requireUser } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { uniqueSlug } from '../orgs/slug.ts';

/** Creates another organization owned by the caller; its plan follows the edition, as at registration. */
export const createOrganization = handler(organizationEndpoints.create, async (request) => {
  const user = requireUser(request);
  const { name } = request.body;
  const plan = request.app.config.edition === 'hosted' ? 'free' : 'unlimited';
  const organization = await request.app.db.transaction(async (tx) => {
    const slug = await uniqueSlug(tx, name);
    const organization = await insertOrganization(tx, { slug, name, plan });
    if (!organization) throw new ServiceError('conflict', 'Organization slug taken; try again');
    await upsertMembership(tx, organization.id, user.id, 'owner');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'organization.create',
      targetType: 'organization',
      targetId: organization.id,
      diff: { name, slug, plan },
    });
    return organization;
  });
  return toOrganizationDto(organization);
});
