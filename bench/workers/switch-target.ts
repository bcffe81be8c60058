// A loopback check target that can be switched to fail: `POST /fail` makes every other request answer 503
// until `POST /ok`; `GET /first-fail` gives the wall-clock time (ms) of the first 503 served since the
// last `/fail` (null before one is served). Prints {"port":…} once listening.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let failing = false;
let firstFailMs: number | null = null;

const server = createServer((request, response) => {
  const path = request.url ?? '/';
  if (request.method === 'POST' && (path === '/fail' || path === '/ok')) {
    failing = path === '/fail';
    firstFailMs = null;
    response.writeHead(204).end();
  } else if (path === '/first-fail') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ firstFailMs }));
  } else if (failing) {
    firstFailMs ??= Date.now();
    response.writeHead(503, { 'content-type': 'text/plain', 'content-length': '4' }).end('down');
  } else {
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok');
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
