import { redirect } from '@sveltejs/kit';
import { authEndpoints } from '@vantage/api-contract';
import { loadFrom } from '#lib/server/guard.ts';
import type { PageServerLoad } from './$types';

/** `/app` opens the first organization of the signed-in user. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const me = await loadFrom(url, () => locals.api.call(authEndpoints.me));
  const first = me.memberships[0];
  if (!first) redirect(303, me.user.isOperator ? '/admin' : '/register');
  redirect(303, `/app/${first.organization.slug}/monitors`);
};
