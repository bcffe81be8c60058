import { redirect } from '@sveltejs/kit';
import { authEndpoints } from '@vantage/api-contract';
import { dropSession } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ locals, cookies }) => {
    // Revoke server-side; even when the API is unreachable the cookie is dropped here.
    await locals.api.call(authEndpoints.logout).catch(() => undefined);
    dropSession(cookies);
    redirect(303, '/login');
  },
};
