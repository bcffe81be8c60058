import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProbeAgent } from './agent.ts';
import type { ProbeMetrics } from './metrics.ts';
import { probeVersion } from './version.ts';

/** The probe's own HTTP server: `/healthz` (200 only while the stream is connected) and `/metrics`. */
export interface StatusServer {
  /** `http://host:port` it listens on. */
  url: string;
  close(): Promise<void>;
}

/** What `/healthz` answers: the stream state and what the probe holds. */
export function healthOf(agent: ProbeAgent, controlPlane: string) {
  const buffer = agent.buffer.stats();
  return {
    status: agent.session.connected ? 'ok' : 'unavailable',
    state: agent.session.state,
    lastError: agent.session.lastError,
    probeId: agent.probeId,
    version: probeVersion,
    region: agent.region,
    controlPlane,
    monitors: agent.scheduler.stats().monitors,
    buffer: {
      pendingResults: buffer.pendingResults,
      unackedBatches: buffer.unackedBatches,
      unackedResults: buffer.unackedResults,
      droppedResults: buffer.droppedResults,
    },
  };
}

/** Starts the server on `host:port` (port 0 picks a free one). */
export async function startStatusServer(options: {
  agent: ProbeAgent;
  metrics: ProbeMetrics;
  controlPlane: string;
  host: string;
  port: number;
}): Promise<StatusServer> {
  const { agent, metrics } = options;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      const health = healthOf(agent, options.controlPlane);
      response
        .writeHead(health.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify(health));
      return;
    }
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(options.port, options.host, () => resolve()),
  );
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
