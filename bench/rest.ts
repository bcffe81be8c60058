import autocannon from 'autocannon';
import pg from 'pg';
import type { BenchSystem } from './system.ts';
import type { Row } from './table.ts';

/** The account the REST rows (and the ingest row) work in. */
export interface SeededAccount {
  cookie: string;
  orgSlug: string;
  email: string;
}

const origin = 'http://127.0.0.1:3000';

async function json<T = { organization: { slug: string } }>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Registers an account and creates `count` monitors; returns the cookie and org slug. */
export async function seed(system: BenchSystem, count: number): Promise<SeededAccount> {
  const email = 'bench@example.com';
  const response = await fetch(`${system.apiUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password: 'bench password 1', organizationName: 'Bench' }),
  });
  const account = await json(response);
  const cookie = response.headers.getSetCookie()[0]!.split(';')[0]!;
  const db = new pg.Client({ connectionString: system.databaseUrl });
  await db.connect();
  await db.query("INSERT INTO regions (id, name) VALUES ('bench-a', 'Bench A'), ('bench-b', 'Bench B')");
  await db.end();
  for (let i = 0; i < count; i += 1) {
    await json(
      await fetch(`${system.apiUrl}/api/v1/orgs/${account.organization.slug}/monitors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, cookie },
        body: JSON.stringify({
          type: 'http',
          name: `Monitor ${i}`,
          url: `https://service-${i}.example.com/health`,
          intervalSeconds: 60,
          regions: ['bench-a', 'bench-b'],
          tags: ['bench'],
        }),
      }),
    );
  }
  return { cookie, orgSlug: account.organization.slug, email };
}

async function measure(
  name: string,
  options: autocannon.Options,
  budget: { p99Ms?: number; text: string },
): Promise<Row> {
  // A short warm-up so JIT and pools settle, then the measured run.
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon(options);
  const p99Ms = result.latency.p99;
  return {
    name,
    conns: String(options.connections ?? 10),
    rate: `${Math.round(result.requests.average)} req/s`,
    p50Ms: result.latency.p50,
    p99Ms,
    errors: result.errors + result.non2xx,
    value: '—',
    budget: budget.text,
    met: budget.p99Ms === undefined ? null : p99Ms <= budget.p99Ms,
  };
}

/** The REST API rows: listing monitors under heavy and light load, and scrypt login. */
export async function measureRest(system: BenchSystem, account: SeededAccount): Promise<Row[]> {
  const { cookie, orgSlug, email } = account;
  const list = `${system.apiUrl}/api/v1/orgs/${orgSlug}/monitors?limit=100`;
  return [
    await measure(
      'GET /orgs/{org}/monitors (100 monitors)',
      { url: list, connections: 200, duration: 10, headers: { cookie } },
      { p99Ms: 15, text: 'p99 ≤ 15 ms' },
    ),
    await measure(
      'GET /orgs/{org}/monitors (100 monitors)',
      { url: list, connections: 10, duration: 10, headers: { cookie } },
      { text: 'measured' },
    ),
    await measure(
      'POST /auth/login (scrypt)',
      {
        url: `${system.apiUrl}/api/v1/auth/login`,
        method: 'POST',
        connections: 20,
        duration: 10,
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ email, password: 'bench password 1' }),
      },
      { text: 'measured' },
    ),
  ];
}
