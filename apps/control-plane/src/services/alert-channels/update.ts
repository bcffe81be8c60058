import { alertChannelEndpoints } from '@vantage/api-contract';
import { findAlertChannel, updateAlertChannel } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireActor, requireOrg } from '../../http/handler.ts';
import { channelSettings, sealChannelConfig } from '../../notifications/channel-config.ts';
import { appKeyOf } from '../../notifications/secrets.ts';
import { diffOf, recordAudit } from '../audit.ts';
import { toAlertChannelDto } from './dto.ts';
import { parseChannelConfig, vetChannelUrls } from './rules.ts';

/** Changes a channel's name, settings (same type; a webhook keeps its secret unless given) or policy. */
export const updateAlertChannelHandler = handler(alertChannelEndpoints.update, async (request) => {
  const { app, body, params } = request;
  const actor = requireActor(request);
  const orgId = requireOrg(request).organization.id;
  const appKey = appKeyOf(app.config);
  const current = await findAlertChannel(app.db, orgId, params.id);
  if (!current) throw new ServiceError('not_found', 'Alert channel not found');
  const { type: _type, ...stored } = channelSettings(appKey, current);
  const currentConfig: Record<string, unknown> = stored;
  let config = currentConfig;
  if (body.config) {
    config = parseChannelConfig(current.type, body.config);
    if (current.type === 'webhook' && config.secret === undefined) config.secret = currentConfig.secret;
    await vetChannelUrls(app, config);
  }
  const channel = await app.db.transaction(async (tx) => {
    const before = await findAlertChannel(tx, orgId, params.id, { forUpdate: true });
    if (!before) throw new ServiceError('not_found', 'Alert channel not found');
    const after = {
      name: body.name ?? before.name,
      notifyOn: body.notifyOn ?? before.notifyOn,
      reminderEveryMinutes:
        body.reminderEveryMinutes === undefined ? before.reminderEveryMinutes : body.reminderEveryMinutes,
    };
    const updated = await updateAlertChannel(tx, orgId, params.id, {
      ...after,
      ...sealChannelConfig(appKey, params.id, before.type, config),
    });
    if (!updated) throw new ServiceError('not_found', 'Alert channel not found');
    const { name, notifyOn, reminderEveryMinutes } = before;
    await recordAudit(tx, actor, orgId, {
      action: 'alert_channel.update',
      targetType: 'alert_channel',
      targetId: params.id,
      // Secrets never enter the audit log; only that the settings changed.
      diff: {
        ...diffOf({ name, notifyOn, reminderEveryMinutes }, after),
        ...(body.config ? { config: 'changed' } : {}),
      },
    });
    return updated;
  });
  return { alertChannel: toAlertChannelDto(appKey, channel) };
});
