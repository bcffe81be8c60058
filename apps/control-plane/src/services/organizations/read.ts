import { organizationEndpoints } from '@vantage/api-contract';
import { toOrganizationDto } from '../../http/dto.ts';
import { handler, requireOrg } from '../../http/handler.ts';

/** The organization of the path (the pipeline already checked membership). */
export const getOrganization = handler(organizationEndpoints.get, async (request) =>
  toOrganizationDto(requireOrg(request).organization),
);
