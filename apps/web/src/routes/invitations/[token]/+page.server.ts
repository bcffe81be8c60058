import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** `/invitations/<token>` is a short form of the emailed `/invitations/accept?token=<token>`. */
export const load: PageServerLoad = ({ params }) =>
  redirect(307, `/invitations/accept?token=${encodeURIComponent(params.token)}`);
