import { apiKeyEndpoints } from '@vantage/api-contract';
import { insertApiKey } from '@vantage/db';
import { checkFeature, limitExceededError, plans, roleRank, ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { hashSecret, newSecret } from '../../security/secrets.ts';
import { recordAudit } from '../audit.ts';
import { toApiKeyDto } from './dto.ts';

// Enough of the secret to recognise a key in a list, far too little to guess the rest.
const displayPrefixLength = 10;

/** Creates an API key with a role no higher than the caller's; the secret is returned this once. */
export const createApiKey = handler(apiKeyEndpoints.create, async (request) => {
  const { organization, role: callerRole } = requireOrg(request);
  const { name, role } = request.body;
  const { actor } = request;
  const violation = checkFeature(plans[organization.plan], 'api_access');
  if (violation) throw limitExceededError(violation);
  if (roleRank(role) > roleRank(callerRole)) {
    throw new ServiceError('forbidden', `The ${callerRole} role cannot create a key with the ${role} role`);
  }
  const secret = newSecret('vk_');
  const apiKey = await request.app.db.transaction(async (tx) => {
    const apiKey = await insertApiKey(tx, {
      orgId: organization.id,
      name,
      role,
      prefix: secret.slice(0, displayPrefixLength),
      secretHash: hashSecret(secret),
      createdBy: actor?.kind === 'user' ? actor.user.id : null,
    });
    await recordAudit(tx, actor, organization.id, {
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: apiKey.id,
      diff: { name, role, prefix: apiKey.prefix },
    });
    return apiKey;
  });
  return { apiKey: toApiKeyDto(apiKey), secret };
});
