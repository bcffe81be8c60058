import type { OrganizationRecord } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import Stripe from 'stripe';
import type { BillingConfig } from '../../config.ts';
import type { AppContext } from '../../context.ts';

/** The billing settings, or the 404 every billing route answers when Stripe is not configured. */
export function billingOr404(app: AppContext): BillingConfig {
  if (!app.config.billing) throw new ServiceError('not_found', 'Billing is not enabled on this installation');
  return app.config.billing;
}

// One client per configuration; building one contacts nothing, so it happens on first use.
const clients = new WeakMap<BillingConfig, Stripe>();

/** The Stripe API client of this configuration (pointed at STRIPE_API_BASE when set). */
export function stripeClient(billing: BillingConfig): Stripe {
  const existing = clients.get(billing);
  if (existing) return existing;
  const base = billing.apiBase;
  const client = new Stripe(billing.secretKey, {
    maxNetworkRetries: 1,
    // A person waits on checkout: give up well before a browser would.
    timeout: 15_000,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
  clients.set(billing, client);
  return client;
}

/**
 * Runs one Stripe API call; any Stripe failure becomes a 502 saying what could not be done (the caller
 * has written nothing yet). Connection problems are warnings, refusals (bad key or price) errors.
 */
export async function callStripe<T>(app: AppContext, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    const unreachable =
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeAPIError ||
      error instanceof Stripe.errors.StripeRateLimitError;
    const log = { err: error, type: error.type, statusCode: error.statusCode, requestId: error.requestId };
    if (unreachable) app.logger.warn(log, `Stripe could not ${what}`);
    else app.logger.error(log, `Stripe refused to ${what}`);
    const message = unreachable
      ? `Could not reach Stripe to ${what}; nothing was charged. Try again in a minute.`
      : `Stripe refused to ${what}; nothing was charged. The error was logged for the operator.`;
    throw new ServiceError('bad_gateway', message, { stripeErrorType: error.type });
  }
}

/** The dashboard's billing page of an organization, where Stripe sends the browser back. */
export function billingPageUrl(app: AppContext, organization: OrganizationRecord): string {
  return new URL(`/app/${organization.slug}/settings/billing`, app.config.webUrl).toString();
}
