import { alertChannelEndpoints } from '@vantage/api-contract';
import { findAlertChannel, listAlertChannels } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { appKeyOf } from '../../notifications/secrets.ts';
import { toAlertChannelDto } from './dto.ts';

/** Lists the organization's channels (secrets masked). */
export const listAlertChannelsHandler = handler(alertChannelEndpoints.list, async (request) => {
  const { organization } = requireOrg(request);
  const channels = await listAlertChannels(request.app.db, organization.id);
  const appKey = appKeyOf(request.app.config);
  return { items: channels.map((channel) => toAlertChannelDto(appKey, channel)), nextCursor: null };
});

/** One channel of the organization (secrets masked). */
export const getAlertChannel = handler(alertChannelEndpoints.get, async (request) => {
  const { organization } = requireOrg(request);
  const channel = await findAlertChannel(request.app.db, organization.id, request.params.id);
  if (!channel) throw new ServiceError('not_found', 'Alert channel not found');
  return { alertChannel: toAlertChannelDto(appKeyOf(request.app.config), channel) };
});
