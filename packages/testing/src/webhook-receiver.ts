import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver answered. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. `/hooks/a`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered with. */
  status: number;
  at: Date;
}

/** A real HTTP server on loopback standing in for webhook, Slack, Discord and PagerDuty endpoints. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` (stays the same across `down` / `up`). */
  url: string;
  requests: ReceivedRequest[];
  /** Status for every following request (default 200), answered after `delayMs` (recorded on arrival). */
  respondWith(status: number, delayMs?: number): void;
  /** Stops listening: connections are refused until `up`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Resolves with the first request matching `match` (polls until the deadline). */
  waitFor(match: (request: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>;
  stop(): Promise<void>;
}

/** Starts a receiver on a free loopback port that records every request it answers. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let status = 200;
  let delayMs = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
        at: new Date(),
      });
      const answer = status;
      setTimeout(() => response.writeHead(answer, { 'content-type': 'application/json' }).end('{}'), delayMs);
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(next, nextDelayMs = 0) {
      status = next;
      delayMs = nextDelayMs;
    },
    down: close,
    up: () => listen(port),
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = requests.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching request within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stop: () => (server.listening ? close() : Promise.resolve()),
  };
}
