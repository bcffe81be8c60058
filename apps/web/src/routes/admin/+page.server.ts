import { isActionFailure } from '@sveltejs/kit';
import { adminEndpoints } from '@vantage/api-contract';
import { text } from '#lib/components/ops/forms.ts';
import { act, formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/** Every region with its live probes and tokens; refreshed in place every few seconds (`admin:fleet`). */
export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('admin:fleet');
  const [regions, fleet] = await loadFrom(url, () =>
    Promise.all([locals.api.call(adminEndpoints.listRegions), locals.api.call(adminEndpoints.listProbes)]),
  );
  const fleetOf = new Map(fleet.items.map((item) => [item.regionId, item]));
  const regionRows = regions.items.map((region) => {
    const probes = fleetOf.get(region.id)?.probes ?? [];
    const tokens = fleetOf.get(region.id)?.tokens ?? [];
    return {
      ...region,
      liveCount: probes.length,
      tokenCount: tokens.length,
      assignedMonitors: probes.reduce((sum, probe) => sum + probe.assignedMonitors, 0),
      checksPerSecond: probes.reduce((sum, probe) => sum + probe.checksPerSecond, 0),
      lastSeen:
        probes
          .map((probe) => probe.lastSeenAt)
          .sort()
          .at(-1) ?? null,
      lastTokenUse:
        tokens
          .flatMap((token) => (token.lastUsedAt ? [token.lastUsedAt] : []))
          .sort()
          .at(-1) ?? null,
    };
  });
  const regionNames = new Map(regions.items.map((region) => [region.id, region.name]));
  const probes = fleet.items.flatMap((item) =>
    item.probes.map((probe) => ({ ...probe, regionName: regionNames.get(item.regionId) ?? item.regionName })),
  );
  return { regions: regionRows, probes, generatedAtMs: Date.now() };
};

export const actions: Actions = {
  /** Creates a platform region every organization may check from. */
  createRegion: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const result = await act({ ...values, _form: 'createRegion' }, () =>
      locals.api.call(adminEndpoints.createRegion, {
        body: {
          id: text(values, 'id').trim(),
          name: text(values, 'name'),
          location: text(values, 'location'),
        },
      }),
    );
    if (isActionFailure(result)) return result;
    return { createdRegion: result.id };
  },
};
