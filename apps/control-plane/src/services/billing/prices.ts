import type { billingEndpoints } from '@vantage/api-contract';
import type { BillingConfig } from '../../config.ts';

/** A plan Stripe sells. */
export type PurchasablePlan = (typeof billingEndpoints.purchasablePlans)[number];

/** How often a subscription is charged. */
export type BillingInterval = (typeof billingEndpoints.billingIntervals)[number];

/** The Stripe price of a plan and interval. */
export function priceOf(billing: BillingConfig, plan: PurchasablePlan, interval: BillingInterval): string {
  return billing.prices[plan][interval];
}

/** The plan and interval a Stripe price sells; null for a price this installation does not know. */
export function planOfPrice(
  billing: BillingConfig,
  priceId: string | null,
): { plan: PurchasablePlan; interval: BillingInterval } | null {
  for (const plan of ['pro', 'business'] as const) {
    for (const interval of ['month', 'year'] as const) {
      if (billing.prices[plan][interval] === priceId) return { plan, interval };
    }
  }
  return null;
}
