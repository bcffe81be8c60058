import { memberEndpoints } from '@vantage/api-contract';
import { listMembers as listMemberRecords } from '@vantage/db';
import { handler, requireOrg } from '../../http/handler.ts';
import { toMemberDto } from './dto.ts';

/** Every member of the organization with their role. */
export const listMembers = handler(memberEndpoints.list, async (request) => {
  const { organization } = requireOrg(request);
  const members = await listMemberRecords(request.app.db, organization.id);
  return { items: members.map(toMemberDto), nextCursor: null };
});
