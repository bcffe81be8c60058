import { error } from '@sveltejs/kit';
import { authEndpoints } from '@vantage/api-contract';
import { actions, can } from '@vantage/domain';
import { loadFrom } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

/** Every org page knows who is signed in, the org, and what their role allows. */
export const load: LayoutServerLoad = async ({ locals, params, url }) => {
  const me = await loadFrom(url, () => locals.api.call(authEndpoints.me));
  const membership = me.memberships.find((m) => m.organization.slug === params.org);
  if (!membership) error(404, { message: 'Not found' });
  const allowed = Object.fromEntries(actions.map((action) => [action, can(membership.role, action)]));
  return { me, org: membership.organization, role: membership.role, allowed };
};
