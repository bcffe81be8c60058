import { regionEndpoints } from '@vantage/api-contract';
import {
  findPrivateRegionForUpdate,
  listPrivateRegionProbeTokens,
  type Queryable,
  revokePrivateRegionProbeToken,
} from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { recordAudit } from '../audit.ts';
import { toProbeTokenDto } from './dto.ts';
import { issueProbeToken } from './tokens.ts';

async function requirePrivateRegion(db: Queryable, orgId: string, id: string) {
  const region = await findPrivateRegionForUpdate(db, orgId, id);
  // Platform regions and other organizations' regions read alike: not this organization's to manage.
  if (!region) throw new ServiceError('not_found', 'Region not found');
  return region;
}

/** Tokens of one of the organization's private regions. */
export const listPrivateProbeTokens = handler(regionEndpoints.listProbeTokens, async (request) => {
  const { organization } = requireOrg(request);
  const { id } = request.params;
  const tokens = await request.app.db.transaction(async (tx) => {
    await requirePrivateRegion(tx, organization.id, id);
    return listPrivateRegionProbeTokens(tx, organization.id, id);
  });
  return { items: tokens.map(toProbeTokenDto), nextCursor: null };
});

/** Issues a token for a probe of one of the organization's private regions; the secret is shown once. */
export const issuePrivateProbeToken = handler(regionEndpoints.issueProbeToken, async (request) => {
  const { organization } = requireOrg(request);
  const { id } = request.params;
  const issued = await request.app.db.transaction(async (tx) => {
    await requirePrivateRegion(tx, organization.id, id);
    const result = await issueProbeToken(tx, id, request.body.name);
    await recordAudit(tx, request.actor, organization.id, {
      action: 'probe_token.create',
      targetType: 'probe_token',
      targetId: result.probeToken.id,
      diff: { regionId: id, name: result.probeToken.name, prefix: result.probeToken.prefix },
    });
    return result;
  });
  return { probeToken: toProbeTokenDto(issued.probeToken), token: issued.token };
});

/** Revokes a token of one of the organization's private regions. */
export const revokePrivateProbeToken = handler(regionEndpoints.revokeProbeToken, async (request) => {
  const { organization } = requireOrg(request);
  const { id, tokenId } = request.params;
  await request.app.db.transaction(async (tx) => {
    const revoked = await revokePrivateRegionProbeToken(tx, {
      orgId: organization.id,
      regionId: id,
      id: tokenId,
    });
    if (!revoked) throw new ServiceError('not_found', 'Probe token not found');
    await recordAudit(tx, request.actor, organization.id, {
      action: 'probe_token.revoke',
      targetType: 'probe_token',
      targetId: tokenId,
      diff: { regionId: id, name: revoked.name },
    });
  });
  return undefined;
});
