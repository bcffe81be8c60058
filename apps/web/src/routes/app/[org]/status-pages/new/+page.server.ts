import { error, isActionFailure, redirect } from '@sveltejs/kit';
import { statusPageEndpoints } from '@vantage/api-contract';
import { text } from '#lib/components/ops/forms.ts';
import { act, formValues } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

/** Only people who may write status pages get the form. */
export const load: PageServerLoad = async ({ parent }) => {
  const { allowed } = await parent();
  if (!allowed['status_page:write']) error(403, { message: 'Your role cannot create status pages.' });
  return {};
};

export const actions: Actions = {
  /** Creates the page, then opens its editor to add components. */
  default: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    const result = await act(values, () =>
      locals.api.call(statusPageEndpoints.create, {
        params: { org: params.org },
        body: {
          title: text(values, 'title'),
          slug: text(values, 'slug'),
          description: text(values, 'description'),
        },
      }),
    );
    if (isActionFailure(result)) return result;
    redirect(303, `/app/${params.org}/status-pages/${result.id}?created=1`);
  },
};
