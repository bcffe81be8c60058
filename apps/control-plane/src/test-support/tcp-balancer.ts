import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

/** A TCP balancer in front of gRPC ports (a Kubernetes Service, say): new connections go to the current backend. */
export interface TcpBalancer {
  port: number;
  /** Sends new connections to `port` from now on; open ones stay where they are. */
  route(port: number): void;
  /** Cuts every open connection and refuses new ones (a network partition) until `resume()`. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

/** Starts a balancer on a free loopback port, forwarding to `backendPort`. */
export async function startTcpBalancer(backendPort: number): Promise<TcpBalancer> {
  let backend = backendPort;
  let paused = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    client.on('error', () => {});
    if (paused) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(backend, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    route(port) {
      backend = port;
    },
    pause() {
      paused = true;
      cutAll();
    },
    resume() {
      paused = false;
    },
    async close() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
