import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row } from './table.ts';
import { runWorker, startWorker } from './worker.ts';

interface CheckLoopReport {
  checks: number;
  checksPerSecond: number;
  cpuMsPerCheck: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  firstError: string | null;
}

interface SchedulingReport {
  monitors: number;
  checks: number;
  missed: number;
  lateness: { count: number; p50Ms: number; p99Ms: number; maxMs: number };
  peakRssDeltaMiB: number;
  settledRssDeltaMiB: number;
}

const checkConcurrency = 50;

/** A self-signed EC P-256 certificate for 127.0.0.1, made with the openssl CLI in `dir`. */
function makeCertificate(dir: string): { keyFile: string; certFile: string } {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    ],
    { stdio: 'pipe' },
  );
  return { keyFile, certFile };
}

function checkRow(name: string, report: CheckLoopReport, budgetMs: number): Row {
  if (report.firstError) process.stderr.write(`${name}: first failure: ${report.firstError}\n`);
  return {
    name,
    conns: String(checkConcurrency),
    rate: `${Math.round(report.checksPerSecond)} checks/s`,
    p50Ms: report.p50Ms,
    p99Ms: report.p99Ms,
    errors: report.failures,
    value: `${report.cpuMsPerCheck.toFixed(3)} ms CPU/check`,
    budget: `≤ ${budgetMs} ms CPU/check`,
    met: report.cpuMsPerCheck <= budgetMs && report.failures === 0,
  };
}

/** Plain-HTTP and HTTPS checks with the probe's `runCheck` against a target server in another process. */
export async function measureChecks(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'vantage-bench-certs-'));
  try {
    const { keyFile, certFile } = makeCertificate(dir);
    const target = await startWorker<{ httpPort: number; httpsPort: number }>('target-server.ts', [
      keyFile,
      certFile,
    ]);
    try {
      const loop = (url: string) =>
        runWorker<CheckLoopReport>('check-loop.ts', [url, String(checkConcurrency), '1500', '5000']);
      const http = await loop(`http://127.0.0.1:${target.report.httpPort}/health`);
      const https = await loop(`https://127.0.0.1:${target.report.httpsPort}/health`);
      return [
        checkRow('probe check, plain HTTP (new connection each)', http, 0.5),
        checkRow('probe check, HTTPS (new TLS handshake each)', https, 1.2),
      ];
    } finally {
      await target.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Lateness, missed checks and RSS of one Scheduler holding 10,000 monitors at 60 s (real clock). */
export async function measureScheduling(): Promise<Row[]> {
  const monitors = 10_000;
  const report = await runWorker<SchedulingReport>(
    'scheduling.ts',
    [String(monitors), '10000', '60000'],
    ['--expose-gc'],
  );
  const { lateness } = report;
  const perTenThousandMiB = (report.peakRssDeltaMiB * 10_000) / report.monitors;
  return [
    {
      name: `probe scheduling, ${report.monitors} monitors at 60 s (60 s window)`,
      conns: '500',
      rate: `${(report.checks / 60).toFixed(0)} checks/s`,
      p50Ms: lateness.p50Ms,
      p99Ms: lateness.p99Ms,
      errors: report.missed,
      value: `lateness max ${lateness.maxMs} ms, ${report.missed} missed of ${report.checks + report.missed}`,
      budget: 'lateness p99 ≤ 50 ms, 0 missed',
      met: lateness.p99Ms <= 50 && report.missed === 0,
    },
    {
      name: `probe RSS, ${report.monitors} monitors running`,
      conns: '—',
      rate: '—',
      p50Ms: null,
      p99Ms: null,
      errors: null,
      value: `peak +${perTenThousandMiB.toFixed(1)} MiB (after GC +${report.settledRssDeltaMiB.toFixed(1)})`,
      budget: '≤ 150 MB per 10k monitors',
      met: perTenThousandMiB * 1.048576 <= 150,
    },
  ];
}
