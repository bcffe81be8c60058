import { organizationEndpoints } from '@vantage/api-contract';
import { deleteOrganization as deleteOrganizationRecord } from '@vantage/db';
import { handler, requireOrg } from '../../http/handler.ts';

/**
 * Deletes the organization with everything it owns. No audit entry: the organization's audit log
 * is deleted with it, and the request log keeps who asked.
 */
export const deleteOrganization = handler(organizationEndpoints.remove, async (request) => {
  const { organization } = requireOrg(request);
  request.app.logger.info({ orgId: organization.id, slug: organization.slug }, 'organization deleted');
  await deleteOrganizationRecord(request.app.db, organization.id);
  return undefined;
});
