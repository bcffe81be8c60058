import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { ProbeSpec } from '@vantage/domain';
import { Client } from 'undici';
import { resolveChecked } from './address-guard.ts';
import type { CheckContext } from './checker.ts';
import { type Measurements, noMeasurements } from './outcome.ts';
import { openSocket } from './socket.ts';

/** The http kind of probe spec. */
export type HttpProbeSpec = Extract<ProbeSpec, { type: 'http' }>;

/** One request of a check: where it goes and what it sends (redirects change all of these). */
export interface HopRequest {
  url: URL;
  method: HttpProbeSpec['method'];
  headers: Record<string, string>;
  body: string | null;
}

/** A response whose headers arrived; `close` releases its connection (no reuse across checks). */
export interface HopResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Readable;
  close(): void;
}

/** Where a check is, for the message when the deadline passes. */
export interface HttpProgress {
  phase: string;
}

/**
 * Send one request on a new connection pinned to the checked address of the URL's host, filling
 * dns/connect/tls/ttfb timings and the status code into `measured`. Throws `CheckFailure`, a network
 * error or the abort reason.
 */
export async function sendHop(
  request: HopRequest,
  options: { verifyTls: boolean; signal: AbortSignal; context: CheckContext },
  measured: Measurements,
  progress: HttpProgress,
): Promise<HopResponse> {
  const { url } = request;
  const { signal, context } = options;
  const https = url.protocol === 'https:';
  progress.phase = `while resolving ${url.hostname}`;
  // Each hop reports only its own facts; the outcome describes the last request tried.
  Object.assign(measured, noMeasurements());
  const address = await resolveChecked(url.hostname, signal, context);
  measured.dnsMs = address.dnsMs;
  const target = {
    host: url.hostname,
    port: url.port === '' ? (https ? 443 : 80) : Number(url.port),
    address,
    tls: https ? { verify: options.verifyTls, alpnProtocols: ['http/1.1'] } : null,
  };
  let connectedMs = 0;
  let connectError: unknown = null;
  const client = new Client(url.origin, {
    pipelining: 1,
    // The check's signal is the only deadline; undici's own timers would only duplicate it.
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: (_connectOptions, callback) => {
      progress.phase = https ? 'while connecting or during the TLS handshake' : 'while connecting';
      openSocket(target, signal, measured).then(
        (socket) => {
          connectedMs = performance.now();
          progress.phase = 'while waiting for the response';
          callback(null, socket);
        },
        (error: Error) => {
          connectError = error;
          callback(error, null);
        },
      );
    },
  });
  try {
    const response = await client.request({
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
    });
    measured.ttfbMs = Math.round(performance.now() - connectedMs);
    measured.statusCode = response.statusCode;
    const close = () => void client.destroy().catch(() => undefined);
    return { statusCode: response.statusCode, headers: response.headers, body: response.body, close };
  } catch (error) {
    void client.destroy().catch(() => undefined);
    // undici may wrap what the connector reported; the connector's own failure names the phase.
    throw connectError ?? error;
  }
}
