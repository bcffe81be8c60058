import { alertChannelEndpoints } from '@vantage/api-contract';
import { loadFrom } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const channels = await loadFrom(url, () =>
    locals.api.call(alertChannelEndpoints.list, { params: { org: params.org } }),
  );
  return { channels: channels.items };
};
