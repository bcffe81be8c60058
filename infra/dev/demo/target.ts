import { execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';

/** The demo's failure schedule repeats every cycle, counted from the launcher's start. */
export const demoCycleSeconds = 480;

/** When, within a cycle, each scheduled failure is on (seconds from the cycle start). */
export const demoSchedule = {
  /** Checkout fails in every region: an outage, an incident and an alert email. */
  outage: { fromSeconds: 60, toSeconds: 200 },
  /** Search fails only from ap-southeast: a regional degradation (partial outage), no page. */
  regional: { fromSeconds: 30, toSeconds: 300, region: 'ap-southeast' },
} as const;

/** The demo's local target: HTTP and HTTPS endpoints that fail on a schedule and per region, plus DNS. */
export interface DemoTarget {
  httpUrl: string;
  httpsUrl: string;
  httpsPort: number;
  /** The CA the probes must trust for the HTTPS endpoint (NODE_EXTRA_CA_CERTS). */
  caFile: string;
  /** A tiny DNS server answering for `*.acme.test`, or null when port 53 could not be bound. */
  dnsResolver: string | null;
  stop(): Promise<void>;
}

function inWindow(window: { fromSeconds: number; toSeconds: number }, startedMs: number): boolean {
  const phase = ((Date.now() - startedMs) / 1000) % demoCycleSeconds;
  return phase >= window.fromSeconds && phase < window.toSeconds;
}

function handler(startedMs: number) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const region = String(request.headers['x-vantage-region'] ?? '');
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'text/html') =>
      response.writeHead(status, { 'content-type': type }).end(body);
    switch (path) {
      case '/':
        return send(200, '<h1>Acme</h1><p>Welcome to Acme.</p>');
      case '/login':
        return send(200, '<form><h1>Sign in to Acme</h1></form>');
      case '/api/health':
        return send(200, JSON.stringify({ status: 'ok', db: { connected: true } }), 'application/json');
      case '/checkout':
        if (inWindow(demoSchedule.outage, startedMs)) return send(503, 'checkout backend unavailable');
        return send(200, 'checkout ok');
      case '/search':
        if (region === demoSchedule.regional.region && inWindow(demoSchedule.regional, startedMs)) {
          return send(502, 'bad gateway at the APAC edge');
        }
        return send(200, 'search ok');
      case '/reports':
        // Always slower than the monitor's 800 ms threshold: shown as degraded.
        setTimeout(() => send(200, 'reports ok'), 1_000);
        return;
      default:
        return send(404, 'not found');
    }
  };
}

/** A CA-signed certificate for 127.0.0.1 made once with openssl and kept in the data directory. */
function certificates(dir: string): { key: string; cert: string; caFile: string } {
  const keyFile = join(dir, 'demo-tls.key');
  const certFile = join(dir, 'demo-tls.crt');
  if (!existsSync(certFile)) {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '825'],
        ...['-keyout', keyFile, '-out', certFile, '-subj', '/CN=Acme demo'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
        ...['-addext', 'basicConstraints=critical,CA:TRUE'],
      ],
      { stdio: 'ignore' },
    );
  }
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), caFile: certFile };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

/** Answers A questions for names under acme.test with 127.0.0.1 (NXDOMAIN otherwise). */
async function startDns(): Promise<Socket | null> {
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    let offset = 12;
    const labels: string[] = [];
    for (let length = query[offset] ?? 0; length > 0; length = query[offset] ?? 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
      offset += length + 1;
    }
    const type = query.readUInt16BE(offset + 1);
    const known = labels.join('.').toLowerCase().endsWith('acme.test');
    const answer = known && type === 1;
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0);
    header.writeUInt16BE(known ? 0x8580 : 0x8583, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answer ? 1 : 0, 6);
    const record = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
    const parts = [header, query.subarray(12, offset + 5), ...(answer ? [record] : [])];
    socket.send(Buffer.concat(parts), peer.port, peer.address);
  });
  // Resolvers are addressed by IP on port 53, which needs root (or CAP_NET_BIND_SERVICE).
  return new Promise((resolve) => {
    socket.once('error', () => resolve(null));
    socket.bind(53, '127.0.0.153', () => resolve(socket));
  });
}

/** Starts the demo target on `port` (HTTP) and `port + 1` (HTTPS). */
export async function startDemoTarget(options: { port: number; dataDir: string }): Promise<DemoTarget> {
  const startedMs = Date.now();
  const tls = certificates(options.dataDir);
  const http = createServer(handler(startedMs));
  const https = createHttpsServer({ key: tls.key, cert: tls.cert }, handler(startedMs));
  await listen(http, options.port);
  await listen(https, options.port + 1);
  const dns = await startDns();
  return {
    httpUrl: `http://127.0.0.1:${options.port}`,
    httpsUrl: `https://127.0.0.1:${options.port + 1}`,
    httpsPort: options.port + 1,
    caFile: tls.caFile,
    dnsResolver: dns ? '127.0.0.153' : null,
    async stop() {
      http.closeAllConnections();
      https.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => http.close(resolve)),
        new Promise((resolve) => https.close(resolve)),
      ]);
      dns?.close();
    },
  };
}
