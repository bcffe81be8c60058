#!/usr/bin/env node
import { ProbeAgent } from './agent.ts';
import { runCheck } from './checks/registry.ts';
import { ConfigError, type ProbeConfig, readConfig } from './config.ts';
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
const agent = new ProbeAgent({
  target: config.controlPlane,
  token: config.token,
  region: config.region,
  concurrency: config.concurrency,
  bufferMaxResults: config.bufferMaxResults,
  bufferMaxBytes: config.bufferMaxBytes,
  runCheck,
  log,
});
const transport = config.controlPlane.tls ? 'TLS' : 'plain text (loopback)';
log(`vantage-probe ${probeVersion} connecting to ${config.controlPlane.address} over ${transport}`);
agent.start();

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  await agent.stop();
  log('stopped');
  // Everything is closed; a stray socket a checker left open must not keep the process alive.
  setTimeout(() => process.exit(0), 3000).unref();
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
