import { organizationEndpoints } from '@vantage/api-contract';
import { renameOrganization } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { toOrganizationDto } from '../../http/dto.ts';
import { handler, requireOrg } from '../../http/handler.ts';
import { diffOf, recordAudit } from '../audit.ts';

/** Renames the organization (its slug, used in URLs, stays). */
export const updateOrganization = handler(organizationEndpoints.update, async (request) => {
  const { organization } = requireOrg(request);
  const { name } = request.body;
  const updated = await request.app.db.transaction(async (tx) => {
    const updated = await renameOrganization(tx, organization.id, name);
    if (!updated) throw new ServiceError('not_found', 'Organization not found');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'organization.update',
      targetType: 'organization',
      targetId: organization.id,
      diff: diffOf({ name: organization.name }, { name }),
    });
    return updated;
  });
  return toOrganizationDto(updated);
});
