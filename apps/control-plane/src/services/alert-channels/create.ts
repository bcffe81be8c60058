import { randomUUID } from 'node:crypto';
import { alertChannelEndpoints } from '@vantage/api-contract';
import { insertAlertChannel } from '@vantage/db';
import { handler, requireActor, requireOrg } from '../../http/handler.ts';
import { newWebhookSecret, sealChannelConfig } from '../../notifications/channel-config.ts';
import { appKeyOf } from '../../notifications/secrets.ts';
import { recordAudit } from '../audit.ts';
import { toAlertChannelDto } from './dto.ts';
import { enforceChannelKind, vetChannelUrls } from './rules.ts';

/** Creates an alert channel; secrets are sealed, and shown in full in this response only. */
export const createAlertChannel = handler(alertChannelEndpoints.create, async (request) => {
  const { app, body } = request;
  const actor = requireActor(request);
  const { organization } = requireOrg(request);
  enforceChannelKind(organization, body.type);
  const config: Record<string, unknown> =
    body.type === 'webhook'
      ? { ...body.config, secret: body.config.secret ?? newWebhookSecret() }
      : body.config;
  await vetChannelUrls(app, config);
  const id = randomUUID();
  const channel = await app.db.transaction(async (tx) => {
    const created = await insertAlertChannel(tx, {
      id,
      orgId: organization.id,
      type: body.type,
      name: body.name,
      ...sealChannelConfig(appKeyOf(app.config), id, body.type, config),
      notifyOn: body.notifyOn,
      reminderEveryMinutes: body.reminderEveryMinutes,
      createdBy: actor.kind === 'user' ? actor.user.id : null,
    });
    await recordAudit(tx, actor, organization.id, {
      action: 'alert_channel.create',
      targetType: 'alert_channel',
      targetId: id,
      diff: { name: body.name, type: body.type, notifyOn: body.notifyOn },
    });
    return created;
  });
  return { alertChannel: toAlertChannelDto(appKeyOf(app.config), channel, true) };
});
