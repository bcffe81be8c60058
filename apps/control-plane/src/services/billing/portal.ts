import { billingEndpoints } from '@vantage/api-contract';
import { findBillingAccount } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';
import { billingOr404, billingPageUrl, callStripe, stripeClient } from './stripe.ts';

/** A Stripe customer portal session (change plan or card, invoices, cancel) for the organization. */
export const openPortal = handler(billingEndpoints.portal, async (request) => {
  const { app } = request;
  const billing = billingOr404(app);
  const { organization } = requireOrg(request);
  const account = await findBillingAccount(app.db, organization.id);
  if (!account?.stripeCustomerId) {
    throw new ServiceError('conflict', 'There is nothing to manage yet: subscribe to a plan first', {
      reason: 'no_customer',
    });
  }
  const customer = account.stripeCustomerId;
  const session = await callStripe(app, 'open the billing portal', () =>
    stripeClient(billing).billingPortal.sessions.create({
      customer,
      return_url: billingPageUrl(app, organization),
    }),
  );
  return { url: session.url };
});
