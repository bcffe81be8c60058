// A loopback check target in its own process: one plain-HTTP and one HTTPS server answering 200 "ok".
// Usage: node target-server.ts <key.pem> <cert.pem>; prints {"httpPort":…,"httpsPort":…} once listening.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

const [keyFile, certFile] = process.argv.slice(2);
if (!keyFile || !certFile) throw new Error('usage: target-server.ts <key.pem> <cert.pem>');

function answer(_request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
  response.end('ok');
}

function listen(server: ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', 1024, () => resolve((server.address() as AddressInfo).port)),
  );
}

const http = createHttpServer(answer);
const https = createHttpsServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, answer);
const ports = { httpPort: await listen(http), httpsPort: await listen(https) };
process.stdout.write(`${JSON.stringify(ports)}\n`);
process.once('SIGTERM', () => {
  http.closeAllConnections();
  https.closeAllConnections();
  http.close();
  https.close(() => process.exit(0));
});
