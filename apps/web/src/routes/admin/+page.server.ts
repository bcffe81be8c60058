import { isActionFailure } from '@sveltejs/kit';
import { adminEndpoints } from '@vantage/api-contract';
import { text } from '#lib/components/ops/forms.ts';
import { act, formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/** Every region with its probes, and every probe (by its live token). */
export const load: PageServerLoad = async ({ locals, url }) => {
  const [regions, probes] = await loadFrom(url, () =>
    Promise.all([locals.api.call(adminEndpoints.listRegions), locals.api.call(adminEndpoints.listProbes)]),
  );
  const regionRows = regions.items.map((region) => {
    const own = probes.items.filter((probe) => probe.regionId === region.id);
    const connected = own.filter((probe) => probe.lastUsedAt !== null);
    const lastSeen =
      connected
        .map((probe) => probe.lastUsedAt!)
        .sort()
        .at(-1) ?? null;
    return { ...region, probeCount: own.length, connectedCount: connected.length, lastSeen };
  });
  return { regions: regionRows, probes: probes.items };
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
