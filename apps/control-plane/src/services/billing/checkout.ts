import { billingEndpoints } from '@vantage/api-contract';
import { findBillingAccount, type OrganizationRecord, setBillingCustomer } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import type Stripe from 'stripe';
import type { AppContext } from '../../context.ts';
import { type Actor, handler, requireOrg } from '../../http/handler.ts';
import { priceOf } from './prices.ts';
import { billingOr404, billingPageUrl, callStripe, stripeClient } from './stripe.ts';

/** Starts a Stripe Checkout subscription for the organization, reusing (or first creating) its customer. */
export const startCheckout = handler(billingEndpoints.checkout, async (request) => {
  const { app, body } = request;
  const billing = billingOr404(app);
  const { organization } = requireOrg(request);
  const account = await findBillingAccount(app.db, organization.id);
  if (account?.status === 'active' || account?.status === 'past_due') {
    throw new ServiceError(
      'conflict',
      'The organization already has a subscription: change plans in the billing portal',
      {
        reason: 'subscribed',
      },
    );
  }
  const stripe = stripeClient(billing);
  const customerId =
    account?.stripeCustomerId ?? (await createCustomer(app, stripe, organization, request.actor));
  const returnUrl = billingPageUrl(app, organization);
  const session = await callStripe(app, 'start the checkout', () =>
    stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customerId,
      client_reference_id: organization.id,
      line_items: [{ price: priceOf(billing, body.plan, body.interval), quantity: 1 }],
      metadata: { orgId: organization.id, plan: body.plan, interval: body.interval },
      // Subscription events then name the organization even if they arrive before the checkout's own event.
      subscription_data: { metadata: { orgId: organization.id } },
      success_url: `${returnUrl}?checkout=success`,
      cancel_url: `${returnUrl}?checkout=canceled`,
    }),
  );
  if (!session.url)
    throw new ServiceError('bad_gateway', 'Stripe answered a checkout without a URL; try again');
  return { url: session.url };
});

/** Creates the organization's Stripe customer and keeps it (or the one a concurrent checkout kept). */
async function createCustomer(
  app: AppContext,
  stripe: Stripe,
  organization: OrganizationRecord,
  actor: Actor | null,
): Promise<string> {
  const customer = await callStripe(app, 'create the billing customer', () =>
    stripe.customers.create({
      name: organization.name,
      ...(actor?.kind === 'user' ? { email: actor.user.email } : {}),
      metadata: { orgId: organization.id, orgSlug: organization.slug },
    }),
  );
  return setBillingCustomer(app.db, organization.id, customer.id);
}
