import { redirect } from '@sveltejs/kit';
import { planIds, plans } from '@vantage/domain';
import { planCards } from '#lib/components/org/plans.ts';
import { config } from '#lib/server/config.ts';
import type { PageServerLoad } from './$types';

/** Visitors of the hosted edition see the landing page; everyone else goes to the dashboard or login. */
export const load: PageServerLoad = ({ locals }) => {
  if (locals.sessionToken) redirect(303, '/app');
  if (config.edition !== 'hosted') redirect(303, '/login');
  return { pricing: planCards(planIds.map((id) => plans[id])) };
};
