import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { freePort, startEmbeddedPostgres, startRedisServer, watchOverService } from '@vantage/testing';
import autocannon from 'autocannon';
import pg from 'pg';
import { ensureWebBuild } from '../infra/dev/web-build.ts';
import { quantile, type Row } from './table.ts';
import { profileArgs, runWorker, startWorker } from './worker.ts';

// Issue 7: a status page of 20 components × 3 regions × 90 days of history, hammered by visitors while real
// probes keep checking. The page runs on its own stores and control plane: the history is written into the
// control plane's embedded ClickHouse while it is stopped, and one row stops it for good.

const root = fileURLToPath(new URL('..', import.meta.url));
const execFileAsync = promisify(execFile);
const origin = 'http://127.0.0.1:3000';
const regions = ['page-a', 'page-b', 'page-c'];
const components = 20;
/** Extra monitors the probes check during the load, beyond the page's own. */
const extraMonitors = 100;
const intervalSeconds = 5;
const loadSeconds = 15;
const connections = 100;

interface Stores {
  env: Record<string, string>;
  apiUrl: string;
  stop(): Promise<void>;
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Postgres and Redis for this bench alone, and the environment of its control plane. */
async function startStores(): Promise<Stores> {
  const scratch = await mkdtemp(join(tmpdir(), 'vantage-bench-status-'));
  const postgres = await startEmbeddedPostgres({
    dataDir: join(scratch, 'pg'),
    port: await freePort(),
    scratchDir: scratch,
  });
  const redis = await startRedisServer({
    dataDir: join(scratch, 'redis'),
    port: await freePort(),
    persistent: false,
  });
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE vantage');
  await admin.end();
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    PORT: String(port),
    GRPC_PORT: String(await freePort()),
    DATABASE_URL: postgres.url.replace(/\/postgres$/, '/vantage'),
    REDIS_URL: redis.url,
    CLICKHOUSE_DATA_DIR: join(scratch, 'clickhouse'),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_REGISTER: '100000000/60',
  };
  return {
    env,
    apiUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await redis.stop();
      await postgres.stop();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** The control plane as its own process; resolves once it answers its health check. */
async function startControlPlane(stores: Stores): Promise<{ stop(): Promise<void> }> {
  const main = join(root, 'apps/control-plane/src/main.ts');
  const child = spawn(process.execPath, [...profileArgs('control-plane-status'), main], {
    env: stores.env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (child.pid !== undefined) watchOverService(child.pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntil(async () => {
    if (child.exitCode !== null) throw new Error('control plane exited');
    return (await fetch(`${stores.apiUrl}/api/v1/health`)).ok;
  }, 'control plane');
  return {
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The built web app in front of the control plane, with the status page cache fresh for `cacheSeconds`. */
async function startWeb(
  apiUrl: string,
  cacheSeconds: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const args = [...profileArgs(`web-status-cache-${cacheSeconds}s`), join(root, 'apps/web/serve.js')];
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      CONTROL_PLANE_URL: apiUrl,
      STATUS_PAGE_CACHE_SECONDS: String(cacheSeconds),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (child.pid !== undefined) watchOverService(child.pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${url}/login`)).ok, 'web');
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function startProbe(grpcPort: string, token: string, region: string): Promise<ChildProcess> {
  const args = [
    'apps/probe/src/main.ts',
    '--control-plane',
    `127.0.0.1:${grpcPort}`,
    '--token',
    token,
    '--region',
    region,
  ];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  if (child.pid !== undefined) watchOverService(child.pid);
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (/connected to the control plane/.test(log)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`probe ${region} exited with ${code}: ${log}`)));
  });
}

/** An account on the unlimited plan with the monitors and the page; returns what the rows need. */
async function seed(stores: Stores, targetUrl: string) {
  const register = await fetch(`${stores.apiUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({
      email: 'status@example.com',
      password: 'bench password 1',
      organizationName: 'Status',
    }),
  });
  if (!register.ok) throw new Error(`register: ${register.status} ${await register.text()}`);
  const account = (await register.json()) as { organization: { slug: string; id: string } };
  const cookie = register.headers.getSetCookie()[0]!.split(';')[0]!;
  const db = new pg.Client({ connectionString: stores.env.DATABASE_URL });
  await db.connect();
  await db.query(`UPDATE organizations SET plan = 'unlimited' WHERE id = $1`, [account.organization.id]);
  await db.end();
  const base = `${stores.apiUrl}/api/v1/orgs/${account.organization.slug}`;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  const monitor = (name: string, i: number) =>
    post('/monitors', {
      type: 'http',
      name,
      url: `${targetUrl}/m/${i}`,
      intervalSeconds,
      timeoutMs: 2000,
      regions,
    });
  const pageMonitors: string[] = [];
  for (let i = 0; i < components; i += 1) pageMonitors.push((await monitor(`Service ${i + 1}`, i)).id);
  const others: string[] = [];
  for (let i = 0; i < extraMonitors; i += 1)
    others.push((await monitor(`Probe load ${i + 1}`, components + i)).id);
  const page = await post('/status-pages', { title: 'Bench status', slug: 'bench-status' });
  const groups: string[] = [];
  for (const name of ['Edge', 'API', 'Data', 'Internal'])
    groups.push((await post(`/status-pages/${page.id}/groups`, { name })).id);
  for (const [i, monitorId] of pageMonitors.entries()) {
    await post(`/status-pages/${page.id}/components`, {
      name: `Service ${i + 1}`,
      groupId: groups[i % groups.length],
      monitorId,
    });
  }
  const badgeComponent = await fetch(`${base}/status-pages/${page.id}/components`, { headers: { cookie } })
    .then((r) => r.json() as Promise<{ items: { id: string }[] }>)
    .then((list) => list.items[0]!.id);
  return {
    orgId: account.organization.id,
    orgSlug: account.organization.slug,
    cookie,
    pageMonitors,
    monitors: [...pageMonitors, ...others],
    badgeComponent,
  };
}

async function load(url: string, headers: Record<string, string> = {}, seconds = 10) {
  await autocannon({ url, connections, duration: 2, headers });
  return autocannon({ url, connections, duration: seconds, headers });
}

/** Server render time of the page with its cache off: what the first visitor after each 10 s waits. */
async function uncachedRenders(url: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count + 10; i += 1) {
    const started = performance.now();
    const response = await fetch(url);
    await response.text();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    if (i >= 10) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/**
 * Checks the probes ran in [fromMs, toMs] per monitor and region, from the stored results: how many of the
 * expected ones, and how late each started against its fixed phase (estimated per monitor and region).
 */
async function probeChecks(
  apiUrl: string,
  seeded: Awaited<ReturnType<typeof seed>>,
  fromMs: number,
  toMs: number,
) {
  const intervalMs = intervalSeconds * 1000;
  const lateness: number[] = [];
  let achieved = 0;
  for (const monitorId of seeded.monitors) {
    const response = await fetch(
      `${apiUrl}/api/v1/orgs/${seeded.orgSlug}/monitors/${monitorId}/results?limit=1000`,
      {
        headers: { cookie: seeded.cookie },
      },
    );
    const { items } = (await response.json()) as { items: { region: string; startedAt: string }[] };
    for (const region of regions) {
      const starts = items.filter((item) => item.region === region).map((item) => Date.parse(item.startedAt));
      const residues = starts.map((ms) => ms % intervalMs).sort((a, b) => a - b);
      // The phase is where the residues start after the widest gap (they may wrap past the interval).
      let phase = residues[0] ?? 0;
      let widest = residues.length > 0 ? residues[0]! + intervalMs - residues.at(-1)! : 0;
      for (let i = 1; i < residues.length; i += 1) {
        if (residues[i]! - residues[i - 1]! > widest)
          [widest, phase] = [residues[i]! - residues[i - 1]!, residues[i]!];
      }
      for (const ms of starts.filter((start) => start >= fromMs && start < toMs)) {
        achieved += 1;
        lateness.push(((((ms % intervalMs) - phase) % intervalMs) + intervalMs) % intervalMs);
      }
    }
  }
  const expected = Math.round((seeded.monitors.length * regions.length * (toMs - fromMs)) / intervalMs);
  return { achieved, expected, lateness: lateness.sort((a, b) => a - b) };
}

/**
 * Status page rows (issue 7): cached page and badge throughput at 100 connections, uncached render p95, the
 * page served stale with the control plane stopped, and the probes' checks while the page is hammered.
 */
export async function measureStatusPage(): Promise<Row[]> {
  ensureWebBuild();
  const stores = await startStores();
  const stops: Array<() => Promise<unknown>> = [stores.stop];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const target = await startWorker<{ port: number }>('switch-target.ts', []);
    stops.push(target.stop);
    const tokens: string[] = [];
    for (const region of regions) {
      const cli = join(root, 'apps/control-plane/src/cli.ts');
      const { stdout } = await execFileAsync(
        process.execPath,
        [cli, 'probes', 'rotate-token', region, region],
        { env: stores.env },
      );
      tokens.push(stdout.trim());
    }
    let controlPlane = await startControlPlane(stores);
    const seeded = await seed(stores, `http://127.0.0.1:${target.report.port}`);
    // The history goes into the control plane's own embedded ClickHouse while it is stopped.
    await controlPlane.stop();
    const history = await runWorker<{ events: number }>('status-page-history.ts', [
      stores.env.CLICKHOUSE_DATA_DIR!,
      seeded.orgId,
      '90',
      regions.join(','),
      ...seeded.pageMonitors,
    ]);
    controlPlane = await startControlPlane(stores);
    stops.push(() => controlPlane.stop());
    const probes = await Promise.all(
      regions.map((region, i) => startProbe(stores.env.GRPC_PORT!, tokens[i]!, region)),
    );
    stops.push(async () => {
      for (const probe of probes) if (probe.exitCode === null) probe.kill('SIGTERM');
      await Promise.all(
        probes.map((probe) => (probe.exitCode === null ? new Promise((r) => probe.once('exit', r)) : null)),
      );
    });
    const web = await startWeb(stores.apiUrl, 10);
    stops.push(web.stop);
    const uncachedWeb = await startWeb(stores.apiUrl, 0);
    stops.push(uncachedWeb.stop);
    const page = `${web.url}/s/bench-status`;
    const html = new Uint8Array(await (await fetch(page)).arrayBuffer());
    const sizes = `${(html.byteLength / 1024).toFixed(0)} kB HTML, ${(gzipSync(html).byteLength / 1024).toFixed(1)} kB gzipped`;
    // Let every monitor be checked a few times before the load starts.
    await new Promise((resolve) => setTimeout(resolve, 3 * intervalSeconds * 1000));

    const loadFromMs = Date.now() + 2_000;
    const cached = await load(page, { 'accept-encoding': 'gzip' }, loadSeconds);
    const loadToMs = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // results in flight reach ClickHouse
    const checks = await probeChecks(stores.apiUrl, seeded, loadFromMs, loadToMs);
    const renders = await uncachedRenders(`${uncachedWeb.url}/s/bench-status`, 100);
    // The control plane's share of a render: the one public read the page is made from.
    const reads = await uncachedRenders(`${stores.apiUrl}/api/v1/public/status-pages/bench-status`, 50);
    const badge = await load(`${web.url}/s/bench-status/badge/${seeded.badgeComponent}.svg`);
    // What this server does with a static file (no SvelteKit render at all), for scale.
    const staticFile = await load(`${web.url}/favicon.svg`);

    await controlPlane.stop();
    const staleBody = await (await fetch(page)).text();
    const stale = await load(page, { 'accept-encoding': 'gzip' });
    process.stderr.write(
      `status page: ${history.events} timeline events, page ${sizes}, ` +
        `stale note ${/Showing data as of/.test(staleBody) ? 'shown' : 'MISSING'}\n`,
    );
    const errorsOf = (result: autocannon.Result) => result.errors + result.non2xx;
    const p95Ms = quantile(renders, 0.95);
    const latenessP99 = quantile(checks.lateness, 0.99);
    const share = checks.expected > 0 ? (checks.achieved / checks.expected) * 100 : 0;
    const name = `${components} components × ${regions.length} regions × 90 d`;
    return [
      {
        name: `status page, cached (${name}, gzip)`,
        conns: String(connections),
        rate: `${Math.round(cached.requests.average)} req/s`,
        p50Ms: cached.latency.p50,
        p99Ms: cached.latency.p99,
        errors: errorsOf(cached),
        value: `${sizes}; a static file here: ${Math.round(staticFile.requests.average)} req/s`,
        budget: '≥ 5,000 req/s, p99 ≤ 20 ms',
        met: cached.requests.average >= 5000 && cached.latency.p99 <= 20 && errorsOf(cached) === 0,
      },
      {
        name: 'status page, uncached render (web + control plane)',
        conns: '1',
        rate: '—',
        p50Ms: quantile(renders, 0.5),
        p99Ms: quantile(renders, 0.99),
        errors: 0,
        value: `p95 ${p95Ms.toFixed(1)} ms (control plane read p95 ${quantile(reads, 0.95).toFixed(1)} ms)`,
        budget: 'p95 ≤ 150 ms',
        met: p95Ms <= 150,
      },
      {
        name: 'status page badge (component SVG), cached',
        conns: String(connections),
        rate: `${Math.round(badge.requests.average)} req/s`,
        p50Ms: badge.latency.p50,
        p99Ms: badge.latency.p99,
        errors: errorsOf(badge),
        value: '—',
        budget: '≥ 10,000 req/s',
        met: badge.requests.average >= 10_000 && errorsOf(badge) === 0,
      },
      {
        name: 'status page with the control plane stopped (served stale)',
        conns: String(connections),
        rate: `${Math.round(stale.requests.average)} req/s`,
        p50Ms: stale.latency.p50,
        p99Ms: stale.latency.p99,
        errors: errorsOf(stale),
        value: /Showing data as of/.test(staleBody) ? '"data as of" note shown' : 'note MISSING',
        budget: 'no errors, note shown',
        met: errorsOf(stale) === 0 && /Showing data as of/.test(staleBody),
      },
      {
        name: `probe checks while the page is under load (${seeded.monitors.length} monitors × 3 regions at ${intervalSeconds} s)`,
        conns: '—',
        rate: `${((checks.achieved * 1000) / (loadToMs - loadFromMs)).toFixed(0)} checks/s`,
        p50Ms: quantile(checks.lateness, 0.5),
        p99Ms: latenessP99,
        errors: Math.max(0, checks.expected - checks.achieved),
        value: `${checks.achieved} of ${checks.expected} expected (${share.toFixed(1)} %)`,
        budget: '≥ 99 % of checks, lateness p99 ≤ 50 ms',
        met: share >= 99 && latenessP99 <= 50,
      },
    ];
  } finally {
    await stopAll();
  }
}
