import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/** The Stripe settings tests run with: price ids and the webhook signing secret. */
export const testStripe = {
  secretKey: 'sk_test_vantage',
  webhookSecret: 'whsec_test_vantage',
  prices: {
    pro: { month: 'price_pro_month', year: 'price_pro_year' },
    business: { month: 'price_business_month', year: 'price_business_year' },
  },
} as const;

/** One request the fake received: form parameters flattened as Stripe encodes them (`metadata[orgId]`). */
export interface FakeStripeRequest {
  method: string;
  path: string;
  params: Record<string, string>;
}

/** A local HTTP server answering the Stripe API calls Vantage makes (customers, checkout, portal). */
export interface FakeStripe {
  url: string;
  requests: FakeStripeRequest[];
  /** Control-plane variables that turn billing on against this server. */
  env: Record<string, string>;
  /** Closes the port (Stripe unreachable) or opens it again on the same port. */
  setReachable(reachable: boolean): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;

function answer(request: FakeStripeRequest): { status: number; body: unknown } {
  counter += 1;
  if (request.method === 'POST' && request.path === '/v1/customers') {
    return {
      status: 200,
      body: { id: `cus_test_${counter}`, object: 'customer', name: request.params.name },
    };
  }
  if (request.method === 'POST' && request.path === '/v1/checkout/sessions') {
    const id = `cs_test_${counter}`;
    return {
      status: 200,
      body: {
        id,
        object: 'checkout.session',
        mode: 'subscription',
        url: `https://checkout.stripe.test/c/pay/${id}`,
      },
    };
  }
  if (request.method === 'POST' && request.path === '/v1/billing_portal/sessions') {
    const id = `bps_test_${counter}`;
    return {
      status: 200,
      body: { id, object: 'billing_portal.session', url: `https://billing.stripe.test/p/session/${id}` },
    };
  }
  const message = `Unrecognized request URL (${request.method}: ${request.path})`;
  return { status: 404, body: { error: { type: 'invalid_request_error', message } } };
}

async function formOf(request: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

/** Starts the fake Stripe API on a free loopback port. */
export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = [];
  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    const url = new URL(incoming.url ?? '/', 'http://stripe.test');
    const request = { method: incoming.method ?? 'GET', path: url.pathname, params: await formOf(incoming) };
    requests.push(request);
    const { status, body } = answer(request);
    response.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_test_${counter}` });
    response.end(JSON.stringify(body));
  };
  let server: Server = createServer(handle);
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject).listen(port, '127.0.0.1', () => resolve());
    });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let reachable = true;
  return {
    url,
    requests,
    env: billingEnv(url),
    async setReachable(next) {
      if (next === reachable) return;
      reachable = next;
      if (next) {
        server = createServer(handle);
        await listen(port);
      } else {
        await close();
      }
    },
    async stop() {
      if (reachable) await close();
    },
  };
}

/** The STRIPE_* variables of the test settings, with the API at `apiBase`. */
export function billingEnv(apiBase: string): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: testStripe.secretKey,
    STRIPE_WEBHOOK_SECRET: testStripe.webhookSecret,
    STRIPE_PRICE_PRO_MONTHLY: testStripe.prices.pro.month,
    STRIPE_PRICE_PRO_YEARLY: testStripe.prices.pro.year,
    STRIPE_PRICE_BUSINESS_MONTHLY: testStripe.prices.business.month,
    STRIPE_PRICE_BUSINESS_YEARLY: testStripe.prices.business.year,
    STRIPE_API_BASE: apiBase,
  };
}

/** Signs a webhook payload the way Stripe does (the package's own test helper). */
export function stripeSignature(payload: string, secret: string = testStripe.webhookSecret): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret });
}
