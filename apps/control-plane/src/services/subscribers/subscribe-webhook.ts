import { randomUUID } from 'node:crypto';
import { subscriberEndpoints } from '@vantage/api-contract';
import { findWebhookSubscriber, insertWebhookSubscriber, updateSubscriber } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler } from '../../http/handler.ts';
import { newWebhookSecret } from '../../notifications/channel-config.ts';
import { checkDestination } from '../../notifications/destination.ts';
import { appKeyOf, sealSecrets } from '../../notifications/secrets.ts';
import { subscriptionLink } from './links.ts';
import { subscribablePage, vetComponentIds } from './page.ts';

const alreadySubscribed = () =>
  new ServiceError('conflict', 'This URL is already subscribed to the page', [
    { path: 'body.url', message: 'Already subscribed' },
  ]);

/**
 * `POST /public/status-pages/{slug}/webhook-subscribers`: a signed webhook, active at once. The secret is
 * shown in this answer only; an active URL is never re-issued a secret (that would hand it to anyone).
 */
export const subscribeWebhook = handler(subscriberEndpoints.subscribeWebhook, async (request) => {
  const { app, body } = request;
  const page = await subscribablePage(request);
  await vetComponentIds(app.db, page, body.componentIds);
  const url = new URL(body.url).toString();
  // The SSRF rules of alert webhooks; checked again, and the address pinned, at every send.
  const checked = await checkDestination(url, {
    allowPrivate: app.config.allowPrivateTargets,
    unresolved: 'allow',
  });
  if (!checked.ok) {
    throw new ServiceError('validation', 'Updates may not be sent to that address', [
      { path: 'body.url', message: checked.message },
    ]);
  }
  const secret = newWebhookSecret();
  const appKey = appKeyOf(app.config);
  const subscriber = await app.db.transaction(async (tx) => {
    const existing = await findWebhookSubscriber(tx, page.id, url);
    if (existing && !existing.unsubscribedAt) throw alreadySubscribed();
    if (existing) {
      return updateSubscriber(tx, existing.id, {
        componentIds: body.componentIds,
        sealedSecret: sealSecrets(appKey, existing.id, { secret }),
        confirmedAt: 'now',
        unsubscribedAt: null,
      });
    }
    const id = randomUUID();
    const sealedSecret = sealSecrets(appKey, id, { secret });
    const inserted = await insertWebhookSubscriber(tx, {
      id,
      orgId: page.orgId,
      pageId: page.id,
      url,
      componentIds: body.componentIds,
      sealedSecret,
    });
    if (!inserted) throw alreadySubscribed();
    return inserted;
  });
  if (!subscriber) throw alreadySubscribed();
  return {
    id: subscriber.id,
    url,
    componentIds: subscriber.componentIds,
    secret,
    unsubscribeUrl: subscriptionLink(app.config, 'unsubscribe', {
      slug: page.slug,
      subscriberId: subscriber.id,
    }),
  };
});
