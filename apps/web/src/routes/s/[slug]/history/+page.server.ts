import { loadPublicPage } from '#lib/server/status-page/view.ts';
import { historyView } from '#lib/status-page/view.ts';
import type { PageServerLoad } from './$types';

/** Incidents of the last 90 days. */
export const load: PageServerLoad = (event) => loadPublicPage(event, historyView);
