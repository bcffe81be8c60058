import { billingEndpoints } from '@vantage/api-contract';
import { findBillingAccount, findPlanUsage } from '@vantage/db';
import { plans } from '@vantage/domain';
import { handler, requireOrg } from '../../http/handler.ts';

/** Plan, subscription and usage against the limits; answers usage also when billing is not configured. */
export const getBilling = handler(billingEndpoints.get, async (request) => {
  const { app } = request;
  const { organization } = requireOrg(request);
  const [account, usage] = await Promise.all([
    app.config.billing ? findBillingAccount(app.db, organization.id) : null,
    findPlanUsage(app.db, organization.id),
  ]);
  const plan = plans[organization.plan];
  const live = account?.status === 'active' || account?.status === 'past_due';
  return {
    billingEnabled: app.config.billing !== null,
    plan: organization.plan,
    status: account?.status ?? null,
    interval: account?.interval ?? null,
    currentPeriodEnd: account?.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: account?.cancelAtPeriodEnd ?? false,
    paymentFailed: account?.status === 'past_due',
    portalAvailable: Boolean(account?.stripeCustomerId),
    checkoutPlans: app.config.billing && !live ? [...billingEndpoints.purchasablePlans] : [],
    usage: {
      monitors: { used: usage.activeMonitors, limit: plan.maxMonitors },
      monitorsPausedByPlan: usage.monitorsPausedByPlan,
      statusPages: { used: usage.statusPages, limit: plan.maxStatusPages },
      members: { used: usage.members, limit: plan.maxMembers },
    },
  };
});
