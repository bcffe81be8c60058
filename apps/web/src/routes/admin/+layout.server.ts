import { error } from '@sveltejs/kit';
import { authEndpoints } from '@vantage/api-contract';
import { loadFrom } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

/** The operator console exists only for operators; everyone else gets a plain 404. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
  const me = await loadFrom(url, () => locals.api.call(authEndpoints.me));
  if (!me.user.isOperator) error(404, { message: 'Not found' });
  return { me };
};
