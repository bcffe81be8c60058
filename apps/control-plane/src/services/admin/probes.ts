import { adminEndpoints } from '@vantage/api-contract';
import { listAllRegions, listProbeTokens } from '@vantage/db';
import { handler } from '../../http/handler.ts';
import { createProbeFleet } from '../../probes/fleet.ts';
import { toProbeTokenDto } from '../regions/dto.ts';

/** The probe fleet by region: live probes as their instances report them through Redis, and unrevoked tokens. */
export const listProbes = handler(adminEndpoints.listProbes, async ({ app }) => {
  const [regions, tokens] = await Promise.all([
    listAllRegions(app.db),
    listProbeTokens(app.db, { live: true }),
  ]);
  const fleet = createProbeFleet(app.redis, app.config.redisKeyPrefix);
  const live = await fleet.live(regions.map((region) => region.id));
  const items = regions.map((region) => {
    const probes = live.get(region.id) ?? [];
    return {
      regionId: region.id,
      regionName: region.name,
      private: region.orgId !== null,
      live: probes.length > 0,
      probes,
      tokens: tokens.filter((token) => token.regionId === region.id).map(toProbeTokenDto),
    };
  });
  return { items, nextCursor: null };
});
