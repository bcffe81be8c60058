#!/usr/bin/env node
import { ProbeAgent } from './agent.ts';
import { runCheck } from './checks/registry.ts';
import { ConfigError, type ProbeConfig, readConfig } from './config.ts';
import { createProbeMetrics } from './metrics.ts';
import { loadUnacked, saveUnacked, spoolFileName } from './spool.ts';
import { type StatusServer, startStatusServer } from './status-server.ts';
import { probeVersion } from './version.ts';

function log(line: string): void {
  console.error(`${new Date().toISOString()} ${line}`);
}

function loadConfig(): ProbeConfig {
  try {
    return readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`vantage-probe: ${error.message}`);
    process.exit(1);
  }
}

const config = loadConfig();
let metrics: ReturnType<typeof createProbeMetrics> | null = null;
const agent = new ProbeAgent({
  target: config.controlPlane,
  token: config.token,
  region: config.region,
  concurrency: config.concurrency,
  bufferMaxResults: config.bufferMaxResults,
  bufferMaxBytes: config.bufferMaxBytes,
  runCheck,
  log,
  onCheck: (result, kind) => metrics?.recordCheck(result, kind),
});
let statusServer: StatusServer | null = null;
if (config.metricsPort !== null) {
  metrics = createProbeMetrics(
    {
      state: () => agent.session.state,
      buffer: () => agent.buffer.stats(),
      monitors: () => agent.scheduler.stats().monitors,
    },
    { version: probeVersion },
  );
  try {
    statusServer = await startStatusServer({
      agent,
      metrics,
      controlPlane: config.controlPlane.address,
      host: config.metricsHost,
      port: config.metricsPort,
    });
  } catch (error) {
    console.error(
      `vantage-probe: --metrics-port (VANTAGE_PROBE_METRICS_PORT): cannot listen on ${config.metricsHost}:${config.metricsPort}: ${(error as Error).message}`,
    );
    process.exit(1);
  }
}
const transport = config.controlPlane.tls ? 'TLS' : 'plain text (loopback)';
log(`vantage-probe ${probeVersion} (probe ${agent.probeId})`);
log(`region: ${config.region ?? 'from the token (not set here)'}`);
log(`control plane: ${config.controlPlane.address} over ${transport}`);
log(
  statusServer
    ? `health: ${statusServer.url}/healthz, metrics: ${statusServer.url}/metrics`
    : 'health and metrics: off (set --metrics-port)',
);
log(
  config.stateDir
    ? `state: ${config.stateDir} (results not yet acknowledged are kept across a graceful restart)`
    : 'state: none (results not yet acknowledged are lost on restart; set --state-dir to keep them)',
);
if (config.stateDir) {
  const saved = await loadUnacked(config.stateDir, config.token, log);
  if (saved.length > 0) {
    agent.buffer.restore(saved);
    const results = saved.reduce((sum, batch) => sum + batch.results.length, 0);
    log(
      `loaded ${results} unacknowledged results saved by the previous process; sending them once connected`,
    );
  }
}
log('status: connecting');
agent.start();

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  await agent.stop();
  if (config.stateDir) {
    const saved = await saveUnacked(config.stateDir, config.token, agent.buffer.unacked()).catch((error) => {
      log(`could not save unacknowledged results in ${config.stateDir}: ${(error as Error).message}`);
      return 0;
    });
    if (saved > 0) log(`saved ${saved} unacknowledged results to ${config.stateDir}/${spoolFileName}`);
  }
  await statusServer?.close();
  log('stopped');
  // Everything is closed; a stray socket a checker left open must not keep the process alive.
  setTimeout(() => process.exit(0), 3000).unref();
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
