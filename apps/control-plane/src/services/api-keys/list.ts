import { apiKeyEndpoints } from '@vantage/api-contract';
import { listApiKeys as listApiKeyRecords } from '@vantage/db';
import { handler, requireOrg } from '../../http/handler.ts';
import { toApiKeyDto } from './dto.ts';

/** The organization's API keys, newest first, revoked ones marked. */
export const listApiKeys = handler(apiKeyEndpoints.list, async (request) => {
  const { organization } = requireOrg(request);
  const apiKeys = await listApiKeyRecords(request.app.db, organization.id);
  return { items: apiKeys.map(toApiKeyDto), nextCursor: null };
});
