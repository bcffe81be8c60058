import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemoTarget } from './target.ts';

/** Who to sign in as, written once to the data directory and printed at every start. */
export interface DemoAccounts {
  operator: { email: string; password: string };
  customer: { email: string; password: string; org: string };
  statusPageSlug: string;
  heartbeatUrl: string | null;
}

/** A small JSON client of the control plane, signed in with a session cookie. */
class Api {
  cookie = '';
  readonly baseUrl: string;
  readonly origin: string;

  constructor(baseUrl: string, origin: string) {
    this.baseUrl = baseUrl;
    this.origin = origin;
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', origin: this.origin, cookie: this.cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const session = response.headers.getSetCookie().find((c) => c.startsWith('vantage_session='));
    if (session) this.cookie = session.split(';')[0]!;
    const text = await response.text();
    if (!response.ok) throw new Error(`demo seed: ${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}

const password = () => randomBytes(9).toString('base64url');

/** The demo's monitors: every kind, some failing on the target's schedule. */
function monitors(target: DemoTarget, ports: { postgres: number; redis: number }, regions: string[]) {
  const http = (name: string, path: string, extra: Record<string, unknown> = {}) => ({
    type: 'http',
    name,
    url: `${target.httpUrl}${path}`,
    intervalSeconds: 30,
    regions,
    tags: ['web'],
    ...extra,
  });
  const fast = { intervalSeconds: 10, timeoutMs: 5_000, failureThreshold: 2, recoveryThreshold: 2 };
  const list: Record<string, unknown>[] = [
    http('Website', '/', { bodyContains: 'Welcome' }),
    http('Login page', '/login', { bodyContains: 'Sign in' }),
    http('API health', '/api/health', {
      tags: ['api'],
      jsonPathAssertions: [{ path: '$.status', op: 'eq', value: 'ok' }],
    }),
    http('Checkout API', '/checkout', { ...fast, tags: ['api', 'payments'] }),
    http('Search', '/search', { ...fast, tags: ['api'] }),
    http('Reports', '/reports', { degradedAboveMs: 800, tags: ['web'] }),
    { ...http('Website over HTTPS', '/'), url: `${target.httpsUrl}/` },
    {
      type: 'tls',
      name: 'TLS certificate',
      host: '127.0.0.1',
      port: target.httpsPort,
      intervalSeconds: 60,
      regions,
      tags: ['tls'],
    },
    {
      type: 'tcp',
      name: 'Postgres',
      host: '127.0.0.1',
      port: ports.postgres,
      intervalSeconds: 30,
      regions,
      tags: ['infra'],
    },
    {
      type: 'tcp',
      name: 'Redis',
      host: '127.0.0.1',
      port: ports.redis,
      intervalSeconds: 30,
      regions,
      tags: ['infra'],
    },
    {
      type: 'heartbeat',
      name: 'Nightly backup job',
      expectedEverySeconds: 60,
      graceSeconds: 30,
      tags: ['jobs'],
    },
  ];
  if (target.dnsResolver) {
    list.push({
      type: 'dns',
      name: 'DNS www.acme.test',
      recordName: 'www.acme.test',
      recordType: 'A',
      expectedValues: ['127.0.0.1'],
      resolver: target.dnsResolver,
      intervalSeconds: 60,
      regions,
      tags: ['infra'],
    });
  }
  return list;
}

/** Creates the demo accounts and data once; later starts read them back from the data directory. */
export async function seedDemo(options: {
  apiUrl: string;
  webUrl: string;
  dataDir: string;
  target: DemoTarget;
  regions: string[];
  ports: { postgres: number; redis: number };
}): Promise<DemoAccounts> {
  const file = join(options.dataDir, 'demo.json');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return JSON.parse(existing) as DemoAccounts;

  // On a self-hosted install the first account is the platform operator.
  const operator = { email: 'operator@vantage.local', password: password() };
  await new Api(options.apiUrl, options.webUrl).call('POST', '/auth/register', {
    ...operator,
    name: 'Platform Operator',
    organizationName: 'Vantage Operations',
  });
  const api = new Api(options.apiUrl, options.webUrl);
  const customer = { email: 'demo@acme.test', password: password(), org: 'acme' };
  await api.call('POST', '/auth/register', {
    email: customer.email,
    password: customer.password,
    name: 'Dana Demo',
    organizationName: 'Acme',
  });
  const org = `/orgs/${customer.org}`;

  const channel = await api.call<{ alertChannel: { id: string } }>('POST', `${org}/alert-channels`, {
    type: 'email',
    name: 'On-call email',
    config: { to: ['oncall@acme.test'] },
    // The defaults (down, recovered, reminders, TLS, heartbeats) plus incidents: a regional degradation shows, it does not page.
    notifyOn: ['down', 'recovered', 'reminder', 'tls', 'heartbeat', 'incident'],
  });
  const created: Record<string, { id: string; heartbeatUrl?: string }> = {};
  for (const spec of monitors(options.target, options.ports, options.regions)) {
    const monitor = await api.call<{ id: string; heartbeatUrl?: string }>('POST', `${org}/monitors`, {
      ...spec,
      alertChannelIds: [channel.alertChannel.id],
    });
    created[String(spec.name)] = monitor;
  }

  const page = await api.call<{ id: string }>('POST', `${org}/status-pages`, {
    title: 'Acme Status',
    slug: 'acme',
    description: 'Live status of Acme’s website and APIs, checked from three regions.',
  });
  const layout: [string, string[]][] = [
    ['Website', ['Website', 'Login page', 'Website over HTTPS']],
    ['API', ['API health', 'Checkout API', 'Search', 'Reports']],
  ];
  for (const [groupName, names] of layout) {
    const group = await api.call<{ id: string }>('POST', `${org}/status-pages/${page.id}/groups`, {
      name: groupName,
    });
    for (const name of names) {
      await api.call('POST', `${org}/status-pages/${page.id}/components`, {
        name,
        groupId: group.id,
        monitorId: created[name]!.id,
      });
    }
  }

  const startsAt = new Date(Date.now() + 2 * 3_600_000);
  await api.call('POST', `${org}/maintenance-windows`, {
    title: 'Database upgrade',
    monitorIds: [created.Reports!.id, created['API health']!.id],
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
  });

  const accounts: DemoAccounts = {
    operator,
    customer,
    statusPageSlug: 'acme',
    heartbeatUrl: created['Nightly backup job']?.heartbeatUrl ?? null,
  };
  await writeFile(file, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  return accounts;
}
