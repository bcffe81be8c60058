import { isActionFailure, redirect } from '@sveltejs/kit';
import { authEndpoints } from '@vantage/api-contract';
import { act, formValues } from '#lib/server/guard.ts';
import { keepIssuedSession } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  if (locals.sessionToken) {
    const me = await locals.api.call(authEndpoints.me).catch(() => null);
    if (me) redirect(303, '/app');
  }
  return {};
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, url }) => {
    const values = formValues(await request.formData());
    const { email = '', password = '' } = values as Record<string, string>;
    const result = await act(
      { email },
      () => locals.api.call(authEndpoints.login, { body: { email, password } }),
      { anonymous: true },
    );
    if (isActionFailure(result)) return result;
    keepIssuedSession(cookies, locals.api);
    const next = url.searchParams.get('next');
    redirect(303, next?.startsWith('/') && !next.startsWith('//') ? next : '/app');
  },
};
