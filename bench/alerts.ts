import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { watchOverService } from '@vantage/testing';
import pg from 'pg';
import type { BenchSystem } from './system.ts';
import { quantile, type Row } from './table.ts';
import { startWorker } from './worker.ts';

const outages = 12;
const failureThreshold = 2;
const intervalSeconds = 1;
const budgetMs = (failureThreshold * intervalSeconds + 1) * 1000;
const regions = ['alert-a', 'alert-b', 'alert-c'];
const origin = 'http://127.0.0.1:3000';
const root = fileURLToPath(new URL('..', import.meta.url));

/** Webhook deliveries as they arrived: event type and wall-clock arrival time. */
interface Arrival {
  type: string;
  atMs: number;
}

async function startReceiver(): Promise<{ url: string; arrivals: Arrival[]; server: Server }> {
  const arrivals: Arrival[] = [];
  const server = createServer((request, response) => {
    const atMs = Date.now();
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      arrivals.push({ type: String((JSON.parse(body) as { type?: string }).type), atMs });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, arrivals, server };
}

/** A real probe process; resolves once it logged that it is connected. */
function startProbe(grpcPort: number, token: string, region: string): Promise<ChildProcess> {
  const args = ['apps/probe/src/main.ts', '--control-plane', `127.0.0.1:${grpcPort}`, '--token', token];
  const child = spawn(process.execPath, [...args, '--region', region], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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

async function waitFor<T>(read: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Registers an account on the unlimited plan (1-second intervals); returns its cookie and org slug. */
async function account(system: BenchSystem) {
  const response = await fetch(`${system.apiUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({
      email: 'alerts@example.com',
      password: 'bench password 1',
      organizationName: 'Al',
    }),
  });
  if (!response.ok) throw new Error(`register: ${response.status} ${await response.text()}`);
  const slug = ((await response.json()) as { organization: { slug: string } }).organization.slug;
  const db = new pg.Client({ connectionString: system.databaseUrl });
  await db.connect();
  await db.query(`UPDATE organizations SET plan = 'unlimited' WHERE slug = $1`, [slug]);
  await db.end();
  const cookie = response.headers.getSetCookie()[0]!.split(';')[0]!;
  return async (path: string, body: unknown) => {
    const created = await fetch(`${system.apiUrl}/api/v1/orgs/${slug}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie },
      body: JSON.stringify(body),
    });
    if (!created.ok) throw new Error(`POST ${path}: ${created.status} ${await created.text()}`);
    return (await created.json()) as Record<string, { id: string } | string>;
  };
}

/**
 * Alert latency end to end: three real probes check a target that is switched to failing; latency is
 * the `monitor.down` webhook's arrival minus the first failing answer the target served.
 */
export async function measureAlertLatency(system: BenchSystem): Promise<Row> {
  const target = await startWorker<{ port: number }>('switch-target.ts', []);
  const receiver = await startReceiver();
  const probes: ChildProcess[] = [];
  const targetUrl = `http://127.0.0.1:${target.report.port}`;
  const control = (path: string) => fetch(`${targetUrl}${path}`, { method: 'POST' });
  try {
    for (const region of regions) {
      const token = await system.cli(['probes', 'rotate-token', region, `bench-${region}`]);
      probes.push(await startProbe(system.grpcPort, token, region));
    }
    const post = await account(system);
    const channel = await post('/alert-channels', {
      name: 'Bench',
      type: 'webhook',
      config: { url: receiver.url },
    });
    await post('/monitors', {
      type: 'http',
      name: 'Alert latency',
      url: `${targetUrl}/health`,
      intervalSeconds,
      timeoutMs: 800,
      failureThreshold,
      recoveryThreshold: 1,
      regions,
      alertChannelIds: [(channel.alertChannel as { id: string }).id],
    });
    // Three seconds of passing checks so every region is up before the first outage.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const latenciesMs: number[] = [];
    const recoveriesMs: number[] = [];
    let missed = 0;
    for (let i = 0; i < outages; i += 1) {
      const seen = receiver.arrivals.length;
      const arrivalOf = (type: string) => () => receiver.arrivals.slice(seen).find((a) => a.type === type);
      await control('/fail');
      try {
        const down = await waitFor(arrivalOf('monitor.down'), 20_000);
        const { firstFailMs } = (await (await fetch(`${targetUrl}/first-fail`)).json()) as {
          firstFailMs: number;
        };
        latenciesMs.push(down.atMs - firstFailMs);
      } catch {
        missed += 1;
      }
      const okAtMs = Date.now();
      await control('/ok');
      const recovered = await waitFor(arrivalOf('monitor.recovered'), 20_000).catch(() => null);
      if (recovered) recoveriesMs.push(recovered.atMs - okAtMs);
      else missed += 1;
      // Let every region see a passing check again before the next outage.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
    const sorted = latenciesMs.sort((a, b) => a - b);
    const recoveries = recoveriesMs.sort((a, b) => a - b);
    const p99Ms = quantile(sorted, 0.99);
    return {
      name: `alert latency, first failing check → webhook (F=${failureThreshold}, ${intervalSeconds} s, 3 probes)`,
      conns: `${outages} outages`,
      rate: '—',
      p50Ms: quantile(sorted, 0.5),
      p99Ms,
      errors: missed,
      value: `recovery /ok → webhook p50 ${quantile(recoveries, 0.5)} ms`,
      budget: `p99 ≤ ${budgetMs} ms`,
      met: missed === 0 && sorted.length > 0 && p99Ms <= budgetMs,
    };
  } finally {
    for (const probe of probes) {
      if (probe.exitCode === null) probe.kill('SIGTERM');
    }
    await Promise.all(
      probes.map((probe) =>
        probe.exitCode === null ? new Promise((resolve) => probe.once('exit', resolve)) : null,
      ),
    );
    receiver.server.closeAllConnections();
    receiver.server.close();
    await target.stop();
  }
}
