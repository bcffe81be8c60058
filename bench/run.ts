import autocannon from 'autocannon';
import pg from 'pg';
import { type BenchSystem, startBenchSystem } from './system.ts';

/** One measured row of the table. */
interface Row {
  name: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  budget: string;
  met: boolean | null;
}

const origin = 'http://127.0.0.1:3000';

async function json<T = { organization: { slug: string } }>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Registers an account and creates `count` monitors; returns the cookie and org slug. */
async function seed(
  system: BenchSystem,
  count: number,
): Promise<{ cookie: string; orgSlug: string; email: string }> {
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
    connections: options.connections ?? 10,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms,
    errors: result.errors + result.non2xx,
    budget: budget.text,
    met: budget.p99Ms === undefined ? null : p99Ms <= budget.p99Ms,
  };
}

function printTable(rows: Row[]): void {
  const header = ['benchmark', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'budget', 'met'];
  const lines = rows.map((row) => [
    row.name,
    String(row.connections),
    String(row.requestsPerSecond),
    row.p50Ms.toFixed(1),
    row.p99Ms.toFixed(1),
    String(row.errors),
    row.budget,
    row.met === null ? '—' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    `${[format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n')}\n`,
  );
}

const system = await startBenchSystem();
try {
  const { cookie, orgSlug, email } = await seed(system, 100);
  const rows = [
    await measure(
      'GET /orgs/{org}/monitors (100 monitors)',
      {
        url: `${system.apiUrl}/api/v1/orgs/${orgSlug}/monitors?limit=100`,
        connections: 200,
        duration: 10,
        headers: { cookie },
      },
      { p99Ms: 15, text: 'p99 ≤ 15 ms' },
    ),
    await measure(
      'GET /orgs/{org}/monitors (100 monitors)',
      {
        url: `${system.apiUrl}/api/v1/orgs/${orgSlug}/monitors?limit=100`,
        connections: 10,
        duration: 10,
        headers: { cookie },
      },
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
  printTable(rows);
} finally {
  await system.stop();
}
