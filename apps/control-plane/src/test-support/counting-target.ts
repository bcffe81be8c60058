import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP target that answers 200 and counts the requests it received per path. */
export interface CountingTarget {
  /** `http://127.0.0.1:<port>/<name>` */
  url(name: string): string;
  /** Requests received so far for `/<name>`. */
  count(name: string): number;
  close(): Promise<void>;
}

/** Starts a counting target on a free loopback port. */
export async function startCountingTarget(): Promise<CountingTarget> {
  const counts = new Map<string, number>();
  const server = createServer((request, response) => {
    const name = (request.url ?? '/').slice(1).split('?')[0] ?? '';
    counts.set(name, (counts.get(name) ?? 0) + 1);
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    count: (name) => counts.get(name) ?? 0,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
