import type { BoundHandler } from '../../http/handler.ts';
import { startCheckout } from './checkout.ts';
import { getBilling } from './get.ts';
import { openPortal } from './portal.ts';
import { listUnmatchedEvents } from './unmatched.ts';
import { stripeWebhook } from './webhook.ts';

export { keepWebhookBodyRaw } from './webhook.ts';

/**
 * The handlers of this area. `GET /orgs/{org}/billing` always answers (plan and usage, also self-hosted);
 * checkout, portal and webhook answer 404 unless Stripe is configured (`config.billing`).
 */
export const handlers: BoundHandler[] = [
  getBilling,
  startCheckout,
  openPortal,
  stripeWebhook,
  listUnmatchedEvents,
];
