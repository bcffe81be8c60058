import { randomInt } from 'node:crypto';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { monitorSpecSchema, probeSpecOf } from '@vantage/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from './checker.ts';
import { checkers, runCheck } from './registry.ts';
import {
  closedPort,
  makeCertificates,
  probeSpec,
  startDnsServer,
  startServer,
  type TestCertificates,
  type TestServer,
  testContext,
} from './test-fixtures.ts';

function check(input: Record<string, unknown>, context: Partial<CheckContext> = {}) {
  const spec = probeSpec(input);
  return runCheck(spec, AbortSignal.timeout(spec.timeoutMs), testContext(context));
}

describe('registry', () => {
  it('lists exactly the probed kinds', () => {
    expect(Object.keys(checkers).sort()).toEqual(['dns', 'http', 'tcp', 'tls']);
  });

  it('refuses to probe a heartbeat monitor', async () => {
    const spec = probeSpecOf(
      monitorSpecSchema.parse({ type: 'heartbeat', name: 'cron', expectedEverySeconds: 60 }),
    );
    await expect(runCheck(spec, AbortSignal.timeout(1000), testContext())).rejects.toThrow(/not probed/);
  });
});

describe('tcp checker', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_request, response) => response.end());
  });
  afterAll(() => server.close());

  it('passes when the port accepts a connection', async () => {
    const outcome = await check({ type: 'tcp', host: 'localhost', port: server.port });
    expect(outcome).toMatchObject({ ok: true, failure: null, statusCode: null });
    expect(outcome.connectMs).toBeGreaterThanOrEqual(0);
    expect(outcome.dnsMs).toBeGreaterThanOrEqual(0);
  });

  it.each([
    { what: 'a refused port', host: '127.0.0.1', allowPrivateTargets: true, failure: 'connect' },
    { what: 'a private target', host: 'localhost', allowPrivateTargets: false, failure: 'blocked_address' },
    {
      what: 'the metadata address',
      host: '169.254.169.254',
      allowPrivateTargets: true,
      failure: 'blocked_address',
    },
    { what: 'an unknown host', host: 'nothing.invalid', allowPrivateTargets: true, failure: 'dns' },
  ])('fails $what with $failure', async ({ host, allowPrivateTargets, failure }) => {
    const outcome = await check({ type: 'tcp', host, port: await closedPort() }, { allowPrivateTargets });
    expect(outcome).toMatchObject({ ok: false, failure });
  });
});

describe('tls checker', () => {
  let certificates: TestCertificates;
  const servers: Record<string, TestServer> = {};
  beforeAll(async () => {
    certificates = makeCertificates();
    setDefaultCACertificates([...getCACertificates('default'), certificates.ca]);
    for (const name of ['valid', 'nearExpiry', 'expired', 'selfSigned', 'wrongHost'] as const) {
      servers[name] = await startServer((_request, response) => response.end(), certificates[name]);
    }
  });
  afterAll(() => Promise.all(Object.values(servers).map((server) => server.close())));

  const tlsCheck = (name: string, fields: Record<string, unknown> = {}) =>
    check({ type: 'tls', host: 'localhost', port: servers[name]?.port, ...fields });

  it('passes with a trusted certificate far from expiry and records it', async () => {
    const outcome = await tlsCheck('valid');
    expect(outcome).toMatchObject({
      ok: true,
      failure: null,
      tlsIssuer: 'O=Vantage Tests, CN=Vantage Test CA',
    });
    expect(outcome.tlsExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 19 * 86_400_000);
    expect(outcome.tlsMs).toBeGreaterThanOrEqual(0);
  });

  it('warns (tls) when the certificate expires within the warning window', async () => {
    const outcome = await tlsCheck('nearExpiry', { expiryWarningDays: 14 });
    expect(outcome).toMatchObject({ ok: false, failure: 'tls' });
    expect(outcome.error).toMatch(/^Certificate expires in 2 days .* within the 14-day warning$/);
    expect((await tlsCheck('nearExpiry', { expiryWarningDays: 2 })).ok).toBe(true);
  });

  it.each([
    { name: 'expired', error: /certificate has expired/ },
    { name: 'selfSigned', error: /self-signed certificate/ },
    { name: 'wrongHost', error: /does not match the host name/ },
  ])('fails an $name certificate with tls', async ({ name, error }) => {
    const outcome = await tlsCheck(name);
    expect(outcome).toMatchObject({ ok: false, failure: 'tls' });
    expect(outcome.error).toMatch(error);
  });

  it('records the expiry of an expired certificate', async () => {
    const outcome = await tlsCheck('expired');
    expect(outcome.tlsExpiresAt?.toISOString()).toBe('2020-01-02T00:00:00.000Z');
  });

  it('fails a refused port with connect', async () => {
    const outcome = await check({ type: 'tls', host: '127.0.0.1', port: await closedPort() });
    expect(outcome).toMatchObject({ ok: false, failure: 'connect' });
  });
});

describe('dns checker', () => {
  // A random loopback address, so the test server can own port 53 there without clashing.
  const resolver = `127.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(2, 250)}`;
  let server: { close(): Promise<void> } | null = null;
  beforeAll(async () => {
    const records = { 'app.example.test': { A: ['192.0.2.10', '192.0.2.11'], TXT: ['v=spf1 -all'] } };
    server = await startDnsServer(resolver, records).catch(() => null);
  });
  afterAll(() => server?.close());

  const dnsCheck = (fields: Record<string, unknown>, context: Partial<CheckContext> = {}) =>
    check({ type: 'dns', recordName: 'app.example.test', recordType: 'A', resolver, ...fields }, context);

  it('fails a name that does not exist with dns', async () => {
    const outcome = await check({ type: 'dns', recordName: 'nothing.invalid', recordType: 'A' });
    expect(outcome).toMatchObject({ ok: false, failure: 'dns' });
    expect(outcome.error).toMatch(/nothing\.invalid/);
  });

  it.for([
    { fields: {}, ok: true, failure: null },
    { fields: { expectedValues: ['192.0.2.11'] }, ok: true, failure: null },
    { fields: { expectedValues: ['192.0.2.99'] }, ok: false, failure: 'assertion' },
    { fields: { recordType: 'TXT', expectedValues: ['v=spf1 -all'] }, ok: true, failure: null },
    { fields: { recordName: 'missing.example.test' }, ok: false, failure: 'dns' },
  ])('queries the configured resolver: $fields → $failure', async ({ fields, ok, failure }, context) => {
    if (server === null) context.skip('cannot bind port 53 for the test DNS server');
    const outcome = await dnsCheck(fields);
    expect(outcome).toMatchObject({ ok, failure });
    expect(outcome.dnsMs).toBeGreaterThanOrEqual(0);
  });

  it.each([
    { resolver: '169.254.169.254', allowPrivateTargets: true },
    { resolver: '10.0.0.53', allowPrivateTargets: false },
  ])('refuses resolver $resolver when private targets are allowed: $allowPrivateTargets', async (row) => {
    const outcome = await dnsCheck(
      { resolver: row.resolver },
      { allowPrivateTargets: row.allowPrivateTargets },
    );
    expect(outcome).toMatchObject({ ok: false, failure: 'blocked_address' });
  });
});
