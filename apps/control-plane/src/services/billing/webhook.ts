import { billingEndpoints } from '@vantage/api-contract';
import { ServiceError } from '@vantage/domain';
import type { Context, Middleware } from 'koa';
import Stripe from 'stripe';
import { routerPath } from '../../http/bind.ts';
import { handler } from '../../http/handler.ts';
import { applyStripeEvent } from './apply.ts';
import { billingOr404 } from './stripe.ts';

const webhookPath = routerPath(billingEndpoints.webhook.path);
const maxWebhookBytes = 1024 * 1024;

/**
 * Leaves the webhook's body unparsed (install it before the body parser): Stripe signs the exact bytes,
 * which a parse and re-serialisation would not reproduce.
 */
export const keepWebhookBodyRaw: Middleware = async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === webhookPath) ctx.disableBodyParser = true;
  await next();
};

/** The request body exactly as sent, refused (413) beyond the limit. */
async function rawBodyOf(http: Context): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of http.req) {
    size += (chunk as Buffer).length;
    if (size > maxWebhookBytes) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Stripe's webhook: verifies the signature, then applies the event once (replays change nothing). */
export const stripeWebhook = handler(billingEndpoints.webhook, async (request) => {
  const billing = billingOr404(request.app);
  const payload = await rawBodyOf(request.http);
  const signature = request.http.get('stripe-signature');
  if (!signature) throw new ServiceError('bad_request', 'Missing Stripe-Signature header');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(payload, signature, billing.webhookSecret);
  } catch (error) {
    request.app.logger.warn({ err: error }, 'Stripe webhook with a bad signature refused');
    throw new ServiceError('bad_request', 'The Stripe-Signature header does not match this payload');
  }
  const firstDelivery = await applyStripeEvent(request.app, billing, event);
  return { received: true as const, firstDelivery };
});
