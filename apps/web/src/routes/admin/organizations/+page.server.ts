import { isActionFailure } from '@sveltejs/kit';
import { adminEndpoints } from '@vantage/api-contract';
import { planIds } from '@vantage/domain';
import { text } from '#lib/components/ops/forms.ts';
import { act, formValues, loadFrom } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

type PlanId = (typeof planIds)[number];

/** Organizations by slug (searchable), with plan and size. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const q = url.searchParams.get('q')?.trim() || undefined;
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const page = await loadFrom(url, () =>
    locals.api.call(adminEndpoints.listOrganizations, { query: { q, cursor, limit: 50 } }),
  );
  return { organizations: page.items, nextCursor: page.nextCursor, q: q ?? '', plans: planIds };
};

export const actions: Actions = {
  /** Sets an organization's plan; on a downgrade the API pauses monitors over the new limits. */
  setPlan: async ({ request, locals }) => {
    const values = formValues(await request.formData());
    const org = text(values, 'org');
    const result = await act({ ...values, _form: 'setPlan' }, () =>
      locals.api.call(adminEndpoints.updateOrganization, {
        params: { org },
        body: { plan: text(values, 'plan') as PlanId },
      }),
    );
    if (isActionFailure(result)) return result;
    return {
      planSet: { org, plan: result.organization.plan, paused: result.pausedMonitors.length },
    };
  },
};
