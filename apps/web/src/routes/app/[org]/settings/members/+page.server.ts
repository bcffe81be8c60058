import { isActionFailure, redirect } from '@sveltejs/kit';
import { invitationEndpoints, memberEndpoints } from '@vantage/api-contract';
import { can, type Role } from '@vantage/domain';
import { act, formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/** Members for everyone; pending invitations only for those who may manage them. */
export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
  const { role } = await parent();
  const org = { org: params.org };
  const [members, invitations] = await loadFrom(url, () =>
    Promise.all([
      locals.api.call(memberEndpoints.list, { params: org }),
      can(role, 'invitation:manage') ? locals.api.call(invitationEndpoints.list, { params: org }) : null,
    ]),
  );
  return { members: members.items, invitations: invitations?.items ?? null };
};

/** The role a form asked for; the API answers anything else with a field error. */
const roleOf = (value: string) => value as Role;

export const actions: Actions = {
  role: async ({ request, locals, params }) => {
    const { userId = '', role = '' } = formValues(await request.formData()) as Record<string, string>;
    const result = await act({ userId, role }, () =>
      locals.api.call(memberEndpoints.update, {
        params: { org: params.org, userId },
        body: { role: roleOf(role) },
      }),
    );
    if (isActionFailure(result)) return result;
    return { saved: `${result.name || result.email} is now ${result.role}.` };
  },
  remove: async ({ request, locals, params }) => {
    const { userId = '', self = '' } = formValues(await request.formData()) as Record<string, string>;
    const result = await act({ userId }, () =>
      locals.api.call(memberEndpoints.remove, { params: { org: params.org, userId } }),
    );
    if (isActionFailure(result)) return result;
    if (self) redirect(303, '/app');
    return { saved: 'The member was removed.' };
  },
  invite: async ({ request, locals, params }) => {
    const { email = '', role = '' } = formValues(await request.formData()) as Record<string, string>;
    const result = await act({ email, role, form: 'invite' }, () =>
      locals.api.call(invitationEndpoints.create, {
        params: { org: params.org },
        body: { email, role: roleOf(role) },
      }),
    );
    if (isActionFailure(result)) return result;
    return { saved: `Invitation sent to ${result.email}.`, invited: true };
  },
  revoke: async ({ request, locals, params }) => {
    const { id = '' } = formValues(await request.formData()) as Record<string, string>;
    const result = await act({ id }, () =>
      locals.api.call(invitationEndpoints.revoke, { params: { org: params.org, id } }),
    );
    if (isActionFailure(result)) return result;
    return { saved: 'The invitation was revoked.' };
  },
};
