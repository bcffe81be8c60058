import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { freePort, watchOverService } from '@vantage/testing';
import { ensureWebBuild } from '../infra/dev/web-build.ts';
import type { SeededAccount } from './rest.ts';
import type { BenchSystem } from './system.ts';
import { quantile, type Row } from './table.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The built dashboard as its own process, in front of the bench control plane. */
async function startWeb(system: BenchSystem): Promise<{ url: string; stop(): Promise<void> }> {
  ensureWebBuild();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, 'apps/web/serve.js')], {
    // The bench control plane allows the default dashboard origin; the web app sends it as Origin.
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      CONTROL_PLANE_URL: system.apiUrl,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (child.pid !== undefined) watchOverService(child.pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  while (
    !(await fetch(`${url}/login`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the dashboard did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Server render time of a page, one request at a time (what a user waits for before bytes arrive). */
async function renderTimes(url: string, cookie: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count + 20; i += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    await response.text();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    // The first 20 warm the JIT and the connection pools.
    if (i >= 20) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/** Gzipped size of the JavaScript a first visit to the page loads (entry, preloads and their imports). */
async function firstLoadJsBytes(url: string, cookie: string): Promise<number> {
  const html = await (await fetch(url, { headers: { cookie } })).text();
  const pending = [...html.matchAll(/(?:href|import\()\s*=?\s*["']([^"']+\.js)["']/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  let total = 0;
  while (pending.length > 0) {
    const next = new URL(pending.pop()!, url).href;
    if (seen.has(next)) continue;
    seen.add(next);
    const source = await (await fetch(next)).text();
    total += gzipSync(source).length;
    // Static imports of each chunk load too; dynamic import() of lazy chunks (charts) does not.
    for (const match of source.matchAll(
      /(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g,
    )) {
      pending.push(new URL(match[1]!, next).href);
    }
  }
  return total;
}

/** Dashboard rows: server render of the monitors page with 100 monitors, and its first-load JS. */
export async function measureWeb(system: BenchSystem, account: SeededAccount): Promise<Row[]> {
  const web = await startWeb(system);
  try {
    const page = `${web.url}/app/${account.orgSlug}/monitors`;
    const times = await renderTimes(page, account.cookie, 300);
    const p95Ms = quantile(times, 0.95);
    const jsBytes = await firstLoadJsBytes(page, account.cookie);
    const totalMs = times.reduce((sum, t) => sum + t, 0);
    return [
      {
        name: 'SSR /app/{org}/monitors (100 monitors)',
        conns: '1',
        rate: `${Math.round((times.length * 1000) / totalMs)} req/s`,
        p50Ms: quantile(times, 0.5),
        p99Ms: quantile(times, 0.99),
        errors: 0,
        value: `p95 ${p95Ms.toFixed(1)} ms`,
        budget: 'p95 ≤ 100 ms',
        met: p95Ms <= 100,
      },
      {
        name: 'monitors page first-load JS',
        conns: '—',
        rate: '—',
        p50Ms: null,
        p99Ms: null,
        errors: null,
        value: `${(jsBytes / 1024).toFixed(1)} kB gzipped`,
        budget: '≤ 150 kB',
        met: jsBytes <= 150 * 1024,
      },
    ];
  } finally {
    await web.stop();
  }
}
