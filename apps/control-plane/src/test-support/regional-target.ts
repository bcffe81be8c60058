import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the target answers one region: `up` 200, `down` 503, `flap` 503 and 200 in turn (503 first). */
export type RegionMode = 'up' | 'down' | 'flap';

/** One answer the target gave. */
export interface RegionalAnswer {
  region: string;
  status: number;
  atMs: number;
}

/**
 * A loopback HTTP target whose answer depends on the `X-Vantage-Region` header the probes send, so one
 * monitor can fail in some regions and pass in others; the test switches regions while probes run.
 */
export interface RegionalTarget {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Every answer so far, in order. */
  answers: RegionalAnswer[];
  /** Sets how `region` is answered from the next request on (regions never set are `up`). */
  set(region: string, mode: RegionMode): void;
  /** Requests received from `region` so far. */
  count(region: string): number;
  close(): Promise<void>;
}

/** Starts a regional target on a free loopback port. */
export async function startRegionalTarget(): Promise<RegionalTarget> {
  const modes = new Map<string, RegionMode>();
  // Flapping alternates per region: the next answer fails when this is true.
  const flapFailsNext = new Map<string, boolean>();
  const answers: RegionalAnswer[] = [];
  const server = createServer((request, response) => {
    const header = request.headers['x-vantage-region'];
    const region = (Array.isArray(header) ? header[0] : header) ?? '';
    const mode = modes.get(region) ?? 'up';
    let status = mode === 'down' ? 503 : 200;
    if (mode === 'flap') {
      const fails = flapFailsNext.get(region) ?? true;
      flapFailsNext.set(region, !fails);
      status = fails ? 503 : 200;
    }
    answers.push({ region, status, atMs: Date.now() });
    response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'unavailable');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    answers,
    set(region, mode) {
      modes.set(region, mode);
      flapFailsNext.delete(region);
    },
    count: (region) => answers.filter((answer) => answer.region === region).length,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
