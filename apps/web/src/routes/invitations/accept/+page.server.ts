import { isActionFailure, redirect } from '@sveltejs/kit';
import { authEndpoints, invitationEndpoints } from '@vantage/api-contract';
import { type ControlPlane, controlPlane } from '#lib/server/api.ts';
import { act, formValues } from '#lib/server/guard.ts';
import { dropSession, keepIssuedSession } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

/** The emailed link is `/invitations/accept?token=…`; who is signed in decides what the page offers. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const token = url.searchParams.get('token') ?? '';
  const me = locals.sessionToken ? await locals.api.call(authEndpoints.me).catch(() => null) : null;
  const mode = url.searchParams.get('mode') === 'login' ? 'login' : 'register';
  return { token, mode, user: me ? { email: me.user.email, name: me.user.name } : null } as const;
};

/** Joins with the invitation and opens the organization. */
async function join(api: ControlPlane, values: Record<string, unknown>, token: string) {
  const membership = await act(values, () => api.call(invitationEndpoints.accept, { body: { token } }));
  if (isActionFailure(membership)) return membership;
  redirect(303, `/app/${membership.organization.slug}/monitors?joined=1`);
}

/** A client carrying the session the control plane just issued (login or register). */
function asNewSession(api: ControlPlane): ControlPlane {
  return controlPlane(fetch, api.issuedSession?.token);
}

export const actions: Actions = {
  /** The signed-in user accepts. */
  accept: async ({ request, locals }) => {
    const { token = '' } = formValues(await request.formData()) as Record<string, string>;
    return join(locals.api, { form: 'accept' }, token);
  },
  /** An existing user signs in, then accepts. */
  login: async ({ request, locals, cookies }) => {
    const {
      token = '',
      email = '',
      password = '',
    } = formValues(await request.formData()) as Record<string, string>;
    const values = { form: 'login', email };
    const signedIn = await act(
      values,
      () => locals.api.call(authEndpoints.login, { body: { email, password } }),
      { anonymous: true },
    );
    if (isActionFailure(signedIn)) return signedIn;
    keepIssuedSession(cookies, locals.api);
    return join(asNewSession(locals.api), values, token);
  },
  /** A new user registers (with a personal organization, which registration always creates), then accepts. */
  register: async ({ request, locals, cookies }) => {
    const values = formValues(await request.formData()) as Record<string, string>;
    const { token = '', email = '', password = '', name = '' } = values;
    const kept = { form: 'register', email, name };
    const organizationName = `${name.trim() || email.split('@')[0] || 'My'}'s organization`.slice(0, 100);
    const registered = await act(
      kept,
      () =>
        locals.api.call(authEndpoints.register, {
          body: { email, password, name: name || undefined, organizationName },
        }),
      { anonymous: true },
    );
    if (isActionFailure(registered)) return registered;
    keepIssuedSession(cookies, locals.api);
    return join(asNewSession(locals.api), kept, token);
  },
  /** Signed in as someone else: sign out and come back to this invitation. */
  switch: async ({ request, locals, cookies }) => {
    const { token = '' } = formValues(await request.formData()) as Record<string, string>;
    await locals.api.call(authEndpoints.logout).catch(() => undefined);
    dropSession(cookies);
    redirect(303, `/invitations/accept?token=${encodeURIComponent(token)}&mode=login`);
  },
};
