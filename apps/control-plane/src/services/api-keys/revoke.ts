import { apiKeyEndpoints } from '@vantage/api-contract';
import { revokeApiKey as revokeApiKeyRecord } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';

/** Revokes an API key: the next request that sends it gets 401. */
export const revokeApiKey = handler(apiKeyEndpoints.revoke, async (request) => {
  const { organization } = requireOrg(request);
  await request.app.db.transaction(async (tx) => {
    const apiKey = await revokeApiKeyRecord(tx, organization.id, request.params.id);
    if (!apiKey) throw new ServiceError('not_found', 'API key not found');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'api_key.revoke',
      targetType: 'api_key',
      targetId: apiKey.id,
      diff: { name: apiKey.name, role: apiKey.role },
    });
  });
  return undefined;
});
