import { readFile } from 'node:fs/promises';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ProbeServiceService } from '@vantage/proto';
import type { AppContext } from '../context.ts';
import type { ProbeHub } from './hub.ts';
import { createConnectHandler, type ResultSubmitter } from './stream.ts';

/** The gRPC endpoint probes connect to, and the hub that assigns them monitors. */
export interface RunningProbeServer {
  port: number;
  hub: ProbeHub;
  stop(): Promise<void>;
}

// Keepalive on both sides: a dead peer is noticed within keepalive time + timeout (15 s).
const serverOptions = {
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 5_000,
  'grpc.max_receive_message_length': 32 * 1024 * 1024,
};

/** Starts the probe gRPC server (TLS when configured) on a started hub; its `stop()` stops the hub first. */
export async function startProbeServer(
  app: AppContext,
  hub: ProbeHub,
  ingest: ResultSubmitter,
): Promise<RunningProbeServer> {
  const server = new Server(serverOptions);
  server.addService(ProbeServiceService, { connect: createConnectHandler(app, hub, ingest) });
  const { tls } = app.config.grpc;
  const credentials = tls
    ? ServerCredentials.createSsl(null, [
        { cert_chain: await readFile(tls.certFile), private_key: await readFile(tls.keyFile) },
      ])
    : ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${app.config.grpc.host}:${app.config.grpc.port}`, credentials, (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  app.logger.info({ port }, 'probe gRPC server listening');
  return {
    port,
    hub,
    async stop() {
      await hub.stop();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 5_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
