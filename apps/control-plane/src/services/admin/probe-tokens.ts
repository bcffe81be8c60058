import { adminEndpoints } from '@vantage/api-contract';
import { findRegion, listProbeTokens, revokeProbeToken } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toProbeTokenDto } from '../regions/dto.ts';
import { issueProbeToken } from '../regions/tokens.ts';

/** Probe tokens, optionally of one region. */
export const listProbeTokensHandler = handler(adminEndpoints.listProbeTokens, async ({ app, query }) => {
  const tokens = await listProbeTokens(app.db, { regionId: query.region });
  return { items: tokens.map(toProbeTokenDto), nextCursor: null };
});

/** Issues a probe token for any region; the secret is shown once and stored only as a hash. */
export const issueProbeTokenHandler = handler(adminEndpoints.issueProbeToken, async (request) => {
  const { body } = request;
  const issued = await request.app.db.transaction(async (tx) => {
    const region = await findRegion(tx, body.regionId, { forUpdate: true });
    if (!region) {
      throw new ServiceError('validation', 'Unknown region', [
        { path: 'body.regionId', message: 'No such region' },
      ]);
    }
    const result = await issueProbeToken(tx, body.regionId, body.name);
    // A token for an organization's private region shows in that organization's audit log.
    if (region.orgId) {
      await recordAudit(tx, request.actor, region.orgId, {
        action: 'probe_token.create',
        targetType: 'probe_token',
        targetId: result.probeToken.id,
        diff: { regionId: region.id, name: result.probeToken.name, prefix: result.probeToken.prefix },
      });
    }
    return result;
  });
  return { probeToken: toProbeTokenDto(issued.probeToken), token: issued.token };
});

/** Revokes a probe token. */
export const revokeProbeTokenHandler = handler(adminEndpoints.revokeProbeToken, async ({ app, params }) => {
  if (!(await revokeProbeToken(app.db, params.id)))
    throw new ServiceError('not_found', 'Probe token not found');
  return undefined;
});
