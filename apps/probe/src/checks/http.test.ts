import type { IncomingHttpHeaders } from 'node:http';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from './checker.ts';
import { runCheck } from './registry.ts';
import {
  closedPort,
  makeCertificates,
  probeSpec,
  startServer,
  type TestCertificates,
  type TestServer,
  testContext,
} from './test-fixtures.ts';

function checkUrl(url: string, fields: Record<string, unknown> = {}, context: Partial<CheckContext> = {}) {
  const spec = probeSpec({ type: 'http', url, ...fields });
  return runCheck(spec, AbortSignal.timeout(spec.timeoutMs), testContext(context));
}

describe('http checker against plain HTTP servers', () => {
  let server: TestServer;
  let received: { method?: string; headers: IncomingHttpHeaders; body: string } | null = null;
  beforeAll(async () => {
    server = await startServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received = {
          method: request.method,
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
        };
        const status = Number(url.searchParams.get('status') ?? 200);
        switch (url.pathname) {
          case '/json':
            response.setHeader('content-type', 'application/json');
            response.end(JSON.stringify({ status: 'green', items: [1, 2] }));
            return;
          case '/redirect':
            response.writeHead(status === 200 ? 302 : status, {
              location: url.searchParams.get('to') ?? '/json',
            });
            response.end();
            return;
          case '/loop':
            response.writeHead(302, { location: '/loop' }).end();
            return;
          case '/reset':
            response.writeHead(200, { 'content-length': '1000' });
            response.write('partial');
            setImmediate(() => request.socket.destroy());
            return;
          case '/silent':
            return;
          case '/hang':
            response.writeHead(200);
            response.write('partial');
            return;
          case '/endless': {
            response.writeHead(200);
            const chunk = Buffer.alloc(16_384, 'x');
            const pump = () => {
              while (response.write(chunk)) {}
              response.once('drain', pump);
            };
            pump();
            return;
          }
          default:
            response.writeHead(status, { 'content-type': 'text/plain' }).end('hello from the target');
        }
      });
    });
  });
  afterAll(() => server.close());

  it('passes on 200 and reports every phase it measured', async () => {
    const outcome = await checkUrl(server.url('/'));
    expect(outcome).toMatchObject({ ok: true, failure: null, statusCode: 200, error: null, tlsMs: null });
    for (const phase of ['dnsMs', 'connectMs', 'ttfbMs', 'totalMs'] as const) {
      expect(outcome[phase]).toBeGreaterThanOrEqual(0);
    }
    expect(outcome.totalMs).toBeGreaterThanOrEqual(outcome.ttfbMs ?? 0);
    expect(['127.0.0.1', '::1']).toContain(outcome.resolvedIp);
  });

  it('records no DNS time for an IP literal', async () => {
    const outcome = await checkUrl(`http://127.0.0.1:${server.port}/`);
    expect(outcome).toMatchObject({ ok: true, dnsMs: null, resolvedIp: '127.0.0.1' });
  });

  it('identifies the probe and region and sends the monitor method, headers and body', async () => {
    await checkUrl(server.url('/'), { method: 'POST', headers: { 'X-Custom': 'yes' }, body: '{"a":1}' });
    expect(received).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(received?.headers).toMatchObject({
      'user-agent': 'Vantage/1.0.0 (probe; region=eu-west)',
      'x-vantage-region': 'eu-west',
      'x-custom': 'yes',
    });
  });

  it.each([
    { status: 503, expected: ['2xx'], ok: false },
    { status: 201, expected: [200], ok: false },
    { status: 404, expected: [404], ok: true },
    { status: 204, expected: ['2xx'], ok: true },
  ])('status $status against $expected → ok $ok', async ({ status, expected, ok }) => {
    const outcome = await checkUrl(server.url(`/?status=${status}`), { expectedStatusCodes: expected });
    expect(outcome).toMatchObject({ ok, statusCode: status, failure: ok ? null : 'http_status' });
  });

  it.each([
    { what: 'a refused port', path: null, failure: 'connect' },
    { what: 'a reset mid-response', path: '/reset', failure: 'connect' },
    { what: 'an endless body', path: '/endless', failure: 'body_too_large' },
    { what: 'a host that does not resolve', path: 'http://nothing.invalid/', failure: 'dns' },
  ])('fails $what with $failure', async ({ path, failure }) => {
    const url =
      path === null
        ? `http://127.0.0.1:${await closedPort()}/`
        : path.startsWith('http')
          ? path
          : server.url(path);
    const outcome = await checkUrl(url);
    expect(outcome).toMatchObject({ ok: false, failure });
    expect(outcome.error).toBeTruthy();
    expect(outcome.totalMs).toBeLessThan(1500);
  });

  it('times out within the deadline on a target that hangs after the headers', async () => {
    const outcome = await checkUrl(server.url('/hang'), { timeoutMs: 300 });
    expect(outcome).toMatchObject({ ok: false, failure: 'timeout', statusCode: 200 });
    expect(outcome.error).toMatch(/300 ms while reading the body/);
    expect(outcome.totalMs).toBeLessThan(1000);
  });

  it('times out within the deadline on a target that never answers', async () => {
    const outcome = await checkUrl(server.url('/silent'), { timeoutMs: 300 });
    expect(outcome).toMatchObject({ ok: false, failure: 'timeout', statusCode: null });
    expect(outcome.error).toMatch(/300 ms while waiting for the response/);
    expect(outcome.connectMs).toBeGreaterThanOrEqual(0);
  });

  it.each([
    { fields: { bodyContains: 'hello' }, path: '/', failure: null },
    { fields: { bodyContains: 'goodbye' }, path: '/', failure: 'assertion' },
    { fields: { bodyNotContains: 'hello' }, path: '/', failure: 'assertion' },
    {
      fields: { jsonPathAssertions: [{ path: '$.status', op: 'eq', value: 'green' }] },
      path: '/json',
      failure: null,
    },
    {
      fields: { jsonPathAssertions: [{ path: '$.items[1]', op: 'gt', value: 5 }] },
      path: '/json',
      failure: 'assertion',
    },
    { fields: { jsonPathAssertions: [{ path: '$.status', op: 'exists' }] }, path: '/', failure: 'assertion' },
  ])('body assertions $fields on $path → $failure', async ({ fields, path, failure }) => {
    const outcome = await checkUrl(server.url(path), fields);
    expect(outcome).toMatchObject({ ok: failure === null, failure });
  });

  it('follows redirects, and turns a POST into a GET after a 303', async () => {
    const outcome = await checkUrl(server.url('/redirect?status=303'), { method: 'POST', body: 'x' });
    expect(outcome).toMatchObject({ ok: true, statusCode: 200 });
    expect(received).toMatchObject({ method: 'GET', body: '' });
  });

  it.each([
    { what: 'not following redirects', url: '/redirect', fields: { followRedirects: false }, status: 302 },
    { what: 'a redirect loop', url: '/loop', fields: {}, status: 302 },
  ])('judges the redirect response itself when $what', async ({ url, fields, status }) => {
    const outcome = await checkUrl(server.url(url), fields);
    expect(outcome).toMatchObject({ ok: false, failure: 'http_status', statusCode: status });
  });
});

describe('http checker address rules', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((request, response) => {
      response.writeHead(302, {
        location: new URL(request.url ?? '/', 'http://x').searchParams.get('to') ?? '/',
      });
      response.end();
    });
  });
  afterAll(() => server.close());

  it.each([
    { what: 'a name resolving to loopback', url: () => server.url('/'), allowPrivateTargets: false },
    { what: 'a loopback literal', url: () => `http://127.0.0.1:${server.port}/`, allowPrivateTargets: false },
    {
      what: 'an IPv4-mapped loopback literal',
      url: () => `http://[::ffff:127.0.0.1]:${server.port}/`,
      allowPrivateTargets: false,
    },
    {
      what: 'the metadata address even when private targets are allowed',
      url: () => 'http://169.254.169.254/latest/meta-data/',
      allowPrivateTargets: true,
    },
    {
      what: 'a redirect to the metadata address',
      url: () => server.url('/?to=http://169.254.169.254/'),
      allowPrivateTargets: true,
    },
    {
      what: 'a redirect to the IPv6 metadata address',
      url: () => server.url('/?to=http://[fd00:ec2::254]/'),
      allowPrivateTargets: true,
    },
  ])('refuses $what', async ({ url, allowPrivateTargets }) => {
    const outcome = await checkUrl(url(), {}, { allowPrivateTargets });
    expect(outcome).toMatchObject({ ok: false, failure: 'blocked_address', connectMs: null });
    expect(outcome.error).toMatch(/may not reach/);
  });

  it('names the redirect that was refused', async () => {
    const outcome = await checkUrl(server.url('/?to=http://169.254.169.254/'));
    expect(outcome.error).toMatch(/^Redirected to http:\/\/169\.254\.169\.254\/: /);
    expect(outcome).toMatchObject({ statusCode: null, resolvedIp: null });
  });
});

describe('http checker against HTTPS servers', () => {
  let certificates: TestCertificates;
  const servers: Record<string, TestServer> = {};
  beforeAll(async () => {
    certificates = makeCertificates();
    setDefaultCACertificates([...getCACertificates('default'), certificates.ca]);
    for (const name of ['valid', 'expired', 'selfSigned', 'wrongHost'] as const) {
      servers[name] = await startServer((_request, response) => response.end('secure'), certificates[name]);
    }
  });
  afterAll(() => Promise.all(Object.values(servers).map((server) => server.close())));

  it('passes with a trusted certificate and records its expiry, issuer and handshake time', async () => {
    const outcome = await checkUrl(servers.valid?.url() ?? '', { bodyContains: 'secure' });
    expect(outcome).toMatchObject({ ok: true, statusCode: 200 });
    expect(outcome.connectMs).toBeGreaterThanOrEqual(0);
    expect(outcome.tlsMs).toBeGreaterThanOrEqual(0);
    expect(outcome.tlsMs).toBeLessThan(1000);
    expect(outcome.tlsIssuer).toContain('CN=Vantage Test CA');
    const daysLeft = ((outcome.tlsExpiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(19);
    expect(daysLeft).toBeLessThan(21);
  });

  it.each([
    { name: 'expired', error: /expired/ },
    { name: 'selfSigned', error: /self-signed/ },
    { name: 'wrongHost', error: /does not match the host name/ },
  ] as const)('fails an $name certificate with tls', async ({ name, error }) => {
    const outcome = await checkUrl(servers[name]?.url() ?? '');
    expect(outcome).toMatchObject({ ok: false, failure: 'tls', statusCode: null });
    expect(outcome.error).toMatch(error);
    expect(outcome.tlsExpiresAt).toBeInstanceOf(Date);
  });

  it('accepts a self-signed certificate when verification is off', async () => {
    const outcome = await checkUrl(servers.selfSigned?.url() ?? '', { verifyTls: false });
    expect(outcome).toMatchObject({ ok: true, statusCode: 200, tlsIssuer: 'CN=localhost' });
  });

  it('fails with tls when the port speaks plain HTTP', async () => {
    const plain = await startServer((_request, response) => response.end('plain'));
    const outcome = await checkUrl(plain.url().replace('http:', 'https:'));
    await plain.close();
    expect(outcome).toMatchObject({ ok: false, failure: 'tls' });
  });
});
