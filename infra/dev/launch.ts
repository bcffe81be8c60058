import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, constants, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  findRedisServer,
  isPortInUse,
  ServiceStartError,
  startEmbeddedPostgres,
  startRedisServer,
  watchOverService,
} from '@vantage/testing';
import pg from 'pg';
import { type DemoAccounts, seedDemo } from './demo/seed.ts';
import { type DemoTarget, startDemoTarget } from './demo/target.ts';
import { type LaunchConfig, loadLaunchConfig } from './launch-config.ts';
import { startMailbox } from './mailbox.ts';
import { ensureWebBuild } from './web-build.ts';

/** Stops one started part of the system. */
type Stop = () => Promise<void>;

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const stops: Stop[] = [];
let stopping = false;

/** Fails start-up with one line saying what is wrong and how to fix it. */
class LaunchError extends Error {}

async function main(): Promise<void> {
  const config = loadLaunchConfig(root);
  await checkDataDir(config.dataDir);
  await checkPorts(config);
  if (!findRedisServer()) {
    throw new LaunchError(
      "redis-server is not installed: run 'sudo apt-get install redis-server' and try again",
    );
  }
  const logsDir = join(config.dataDir, 'logs');
  await mkdir(logsDir, { recursive: true });

  step('starting Postgres');
  const postgres = await startEmbeddedPostgres({
    dataDir: join(config.dataDir, 'postgres'),
    port: config.postgresPort,
  });
  stops.push(postgres.stop);
  const databaseUrl = await ensureDatabase(postgres.url, 'vantage');

  step('starting Redis');
  const redis = await startRedisServer({
    port: config.redisPort,
    dataDir: join(config.dataDir, 'redis'),
    persistent: true,
  });
  stops.push(redis.stop);

  step('starting the mailbox (captures every email Vantage sends)');
  const mailbox = await startMailbox({
    smtpPort: config.smtpPort,
    httpPort: config.mailboxPort,
    onMessage: (message) =>
      process.stdout.write(`vantage: mail to ${message.to.join(', ')}: ${message.subject}\n`),
  });
  stops.push(mailbox.stop);

  step('starting the control plane (migrations, ClickHouse on chDB)');
  const apiUrl = `http://127.0.0.1:${config.apiPort}`;
  const webUrl = `http://127.0.0.1:${config.webPort}`;
  const controlPlaneEnv = {
    APP_KEY: await appKey(config.dataDir),
    SMTP_URL: mailbox.smtpUrl,
    WEB_URL: webUrl,
    ...config.passThrough,
    HOST: '127.0.0.1',
    PORT: String(config.apiPort),
    GRPC_PORT: String(config.grpcPort),
    DATABASE_URL: databaseUrl,
    CLICKHOUSE_DATA_DIR: join(config.dataDir, 'clickhouse'),
    REDIS_URL: redis.url,
  };
  const controlPlane = startApp(
    [join(root, 'apps/control-plane/src/main.ts')],
    join(logsDir, 'control-plane.log'),
    controlPlaneEnv,
  );
  await waitForHealth(
    'the control plane',
    `${apiUrl}/api/v1/health`,
    controlPlane,
    join(logsDir, 'control-plane.log'),
  );

  let target: DemoTarget | null = null;
  if (config.demo) {
    step('starting the demo target (endpoints that fail on a schedule and per region)');
    target = await startDemoTarget({ port: config.demoPort, dataDir: config.dataDir });
    const started = target;
    stops.push(() => started.stop());
  }

  step(`starting probes in ${localRegions.join(', ')}`);
  for (const region of localRegions) {
    const token = await rotateProbeToken(controlPlaneEnv, region);
    const args = ['--control-plane', `127.0.0.1:${config.grpcPort}`, '--token', token, '--region', region];
    // Results not yet acknowledged when a probe is stopped are kept here and sent after the next start.
    args.push('--state-dir', join(config.dataDir, 'probes', region));
    // The demo's HTTPS endpoint has its own CA, which the probes trust.
    const env: Record<string, string> = target ? { NODE_EXTRA_CA_CERTS: target.caFile } : {};
    startApp([join(root, 'apps/probe/src/main.ts'), ...args], join(logsDir, `probe-${region}.log`), env);
  }

  step('building and starting the dashboard');
  ensureWebBuild();
  const web = startApp([join(root, 'apps/web/serve.js')], join(logsDir, 'web.log'), {
    HOST: '127.0.0.1',
    PORT: String(config.webPort),
    CONTROL_PLANE_URL: apiUrl,
    WEB_URL: controlPlaneEnv.WEB_URL,
    ...(config.passThrough.VANTAGE_EDITION ? { VANTAGE_EDITION: config.passThrough.VANTAGE_EDITION } : {}),
  });
  await waitForHealth('the dashboard', `${webUrl}/login`, web, join(logsDir, 'web.log'));

  let demo: DemoAccounts | null = null;
  if (target) {
    step('loading the demo data');
    demo = await seedDemo({
      apiUrl,
      webUrl: controlPlaneEnv.WEB_URL,
      dataDir: config.dataDir,
      target,
      regions: localRegions,
      ports: { postgres: config.postgresPort, redis: config.redisPort },
    });
    startHeartbeats(demo.heartbeatUrl);
  }

  process.stdout.write(
    [
      '',
      'Vantage is running.',
      `  Dashboard    ${webUrl}`,
      `  API          ${apiUrl}/api/v1  (health: ${apiUrl}/api/v1/health, docs: ${apiUrl}/api/v1/openapi.json)`,
      `  Probes       ${localRegions.join(', ')} → gRPC 127.0.0.1:${config.grpcPort}`,
      `  Mail         ${mailbox.pageUrl}`,
      `  Data         ${config.dataDir}`,
      `  Logs         ${logsDir}`,
      ...(demo ? demoLines(demo, webUrl) : []),
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

/** What the demo holds and how to sign in. */
function demoLines(demo: DemoAccounts, webUrl: string): string[] {
  return [
    '',
    'Demo (VANTAGE_DEMO=false starts without it):',
    `  Customer     ${demo.customer.email} / ${demo.customer.password}  (organization "Acme")`,
    `  Operator     ${demo.operator.email} / ${demo.operator.password}  (${webUrl}/admin)`,
    `  Status page  ${webUrl}/s/${demo.statusPageSlug}`,
    '  Schedule     every 8 minutes: Search fails from ap-southeast at 0:30 (a regional degradation),',
    '               Checkout fails everywhere from 1:00 to 3:20 (an outage, an incident, alert emails).',
  ];
}

/** The demo's "Nightly backup job" pings its heartbeat every 30 s. */
function startHeartbeats(url: string | null): void {
  if (!url) return;
  const ping = () => fetch(url, { method: 'POST' }).catch(() => undefined);
  void ping();
  const timer = setInterval(ping, 30_000);
  stops.push(async () => clearInterval(timer));
}

function step(message: string): void {
  process.stdout.write(`vantage: ${message}…\n`);
}

async function checkDataDir(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK);
  } catch {
    throw new LaunchError(
      `data directory ${dataDir} is not writable: fix its permissions or set VANTAGE_DATA_DIR`,
    );
  }
}

async function checkPorts(config: LaunchConfig): Promise<void> {
  const ports = [
    ['dashboard', config.webPort, 'VANTAGE_WEB_PORT'],
    ['control plane API', config.apiPort, 'VANTAGE_API_PORT'],
    ['probe gRPC', config.grpcPort, 'VANTAGE_GRPC_PORT'],
    ['mailbox page', config.mailboxPort, 'VANTAGE_MAILBOX_PORT'],
    ['mailbox SMTP', config.smtpPort, 'VANTAGE_SMTP_PORT'],
    ['Postgres', config.postgresPort, 'VANTAGE_POSTGRES_PORT'],
    ['Redis', config.redisPort, 'VANTAGE_REDIS_PORT'],
    ...(config.demo
      ? ([
          ['demo target', config.demoPort, 'VANTAGE_DEMO_PORT'],
          ['demo target (HTTPS)', config.demoPort + 1, 'VANTAGE_DEMO_PORT'],
        ] as const)
      : []),
  ] as const;
  for (const [what, port, variable] of ports) {
    if (await isPortInUse(port)) {
      throw new LaunchError(
        `port ${port} (${what}) is already in use: stop what holds it or set ${variable}`,
      );
    }
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The install's secret key (encrypts alert-channel secrets), made once and kept in the data directory. */
async function appKey(dataDir: string): Promise<string> {
  const path = join(dataDir, 'app.key');
  const existing = await readFile(path, 'utf8').catch(() => null);
  if (existing?.trim()) return existing.trim();
  const key = randomBytes(32).toString('base64');
  await writeFile(path, `${key}\n`, { mode: 0o600 });
  return key;
}

/** Simulated regions with a local probe each, so one machine shows multi-region checks. */
const localRegions = ['eu-west', 'us-east', 'ap-southeast'];

/** Issues a fresh probe token for a local region through the control plane's CLI (older ones are revoked). */
async function rotateProbeToken(env: Record<string, string>, region: string): Promise<string> {
  const cli = join(root, 'apps/control-plane/src/cli.ts');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [cli, 'probes', 'rotate-token', region, `local ${region} probe`],
    { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } },
  );
  return stdout.trim();
}

function startApp(args: string[], logFile: string, env: Record<string, string>): ChildProcess {
  const log = createWriteStream(logFile, { flags: 'a' });
  // Its own process group: Ctrl-C reaches only the launcher, which stops everything in order.
  const child = spawn(process.execPath, args, {
    detached: true,
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  if (child.pid !== undefined) watchOverService(child.pid);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  stops.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killer);
  });
  return child;
}

async function waitForHealth(what: string, url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new LaunchError(`${what} exited during start-up (code ${child.exitCode}); see ${logFile}`);
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new LaunchError(`${what} did not become healthy within 120 s; see ${logFile}`);
}

async function stopAll(code: number): Promise<void> {
  // Ctrl-C reaches us twice (from the terminal and forwarded by npm): the first one stops.
  if (stopping) return;
  stopping = true;
  if (code === 0) process.stdout.write('\nvantage: stopping…\n');
  for (const stop of stops.reverse()) await stop().catch(() => {});
  if (code === 0) process.stdout.write('vantage: stopped.\n');
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

main().catch(async (error: unknown) => {
  const known = error instanceof LaunchError || error instanceof ServiceStartError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`vantage: ${known ? message : `start-up failed: ${message}`}\n`);
  await stopAll(1);
});
