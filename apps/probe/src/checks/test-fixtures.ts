import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorSpecSchema, type ProbeSpec, probeSpecOf } from '@vantage/domain';
import type { CheckContext } from './checker.ts';

/** A context for tests against loopback servers (private targets allowed unless a test says otherwise). */
export function testContext(overrides: Partial<CheckContext> = {}): CheckContext {
  return {
    region: 'eu-west',
    probeVersion: '1.0.0',
    allowPrivateTargets: true,
    bodyLimitBytes: 65_536,
    ...overrides,
  };
}

/** A probe spec parsed through the real monitor schema, with test defaults for the control-plane fields. */
export function probeSpec(input: Record<string, unknown>): Extract<ProbeSpec, { timeoutMs: number }> {
  return probeSpecOf(
    monitorSpecSchema.parse({ name: 'test', regions: ['eu-west'], timeoutMs: 2000, ...input }),
  ) as Extract<ProbeSpec, { timeoutMs: number }>;
}

/** A certificate and its key, PEM encoded. */
export interface KeyPair {
  key: string;
  cert: string;
}

/** Certificates for TLS tests: a test CA and leaves it signed, plus a self-signed one. */
export interface TestCertificates {
  ca: string;
  valid: KeyPair;
  nearExpiry: KeyPair;
  expired: KeyPair;
  wrongHost: KeyPair;
  selfSigned: KeyPair;
}

const localNames = 'DNS:localhost,IP:127.0.0.1,IP:::1';

/**
 * Generate test certificates with the `openssl` CLI (Node cannot issue X.509 certificates); `openssl ca`
 * sets explicit validity dates, which is how the expired leaf is made.
 */
export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'vantage-certs-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    openssl(
      'req',
      '-x509',
      ...newKey,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '30',
      '-subj',
      '/O=Vantage Tests/CN=Vantage Test CA',
    );
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '1000\n');
    const leaf = (name: string, names: string, validity: string[]): KeyPair => {
      writeFileSync(
        join(dir, `${name}.cnf`),
        `[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n` +
          `default_md = sha256\npolicy = any\nunique_subject = no\nx509_extensions = leaf\n` +
          `[any]\ncommonName = supplied\n[leaf]\nsubjectAltName = ${names}\n`,
      );
      openssl('req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      openssl(
        'ca',
        '-batch',
        '-notext',
        '-config',
        `${name}.cnf`,
        '-cert',
        'ca.crt',
        '-keyfile',
        'ca.key',
        '-in',
        `${name}.csr`,
        '-out',
        `${name}.crt`,
        ...validity,
      );
      return { key: read(`${name}.key`), cert: read(`${name}.crt`) };
    };
    openssl(
      'req',
      '-x509',
      ...newKey,
      '-keyout',
      'self.key',
      '-out',
      'self.crt',
      '-days',
      '30',
      '-subj',
      '/CN=localhost',
      '-addext',
      `subjectAltName=${localNames}`,
    );
    return {
      ca: read('ca.crt'),
      valid: leaf('valid', localNames, ['-days', '20']),
      nearExpiry: leaf('near-expiry', localNames, ['-days', '3']),
      expired: leaf('expired', localNames, ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z']),
      wrongHost: leaf('wrong-host', 'DNS:wrong.example', ['-days', '20']),
      selfSigned: { key: read('self.key'), cert: read('self.crt') },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A local server on a free port (all interfaces, so both 127.0.0.1 and ::1 reach it). */
export interface TestServer {
  port: number;
  url(path?: string): string;
  close(): Promise<void>;
}

/** Start an HTTP server, or an HTTPS one when `tls` is given. */
export async function startServer(handler: RequestListener, tls?: KeyPair): Promise<TestServer> {
  const server: Server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  const scheme = tls ? 'https' : 'http';
  return {
    port,
    url: (path = '/') => `${scheme}://localhost:${port}${path}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (taken from a server that was just closed). */
export async function closedPort(): Promise<number> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.port;
}

const recordTypes: Record<string, number> = { A: 1, TXT: 16 };

/** A tiny authoritative DNS server answering A and TXT questions from `records` (name → type → values). */
export async function startDnsServer(
  host: string,
  records: Record<string, Record<string, string[]>>,
): Promise<{ close(): Promise<void> }> {
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    let offset = 12;
    const labels: string[] = [];
    for (let length = query[offset] ?? 0; length > 0; length = query[offset] ?? 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
      offset += length + 1;
    }
    const questionEnd = offset + 5;
    const type = query.readUInt16BE(offset + 1);
    const entry = records[labels.join('.').toLowerCase()];
    const typeName = Object.keys(recordTypes).find((name) => recordTypes[name] === type) ?? '';
    const values = entry?.[typeName] ?? [];
    const answers = values.map((value) => {
      const data =
        type === 1
          ? Buffer.from(value.split('.').map(Number))
          : Buffer.concat([Buffer.from([value.length]), Buffer.from(value)]);
      const head = Buffer.alloc(12);
      head.writeUInt16BE(0xc00c, 0);
      head.writeUInt16BE(type, 2);
      head.writeUInt16BE(1, 4);
      head.writeUInt32BE(60, 6);
      head.writeUInt16BE(data.length, 10);
      return Buffer.concat([head, data]);
    });
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0);
    header.writeUInt16BE(entry === undefined ? 0x8183 : 0x8180, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    socket.send(
      Buffer.concat([header, query.subarray(12, questionEnd), ...answers]),
      peer.port,
      peer.address,
    );
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(53, host, () => resolve());
  });
  return { close: () => new Promise((resolve) => socket.close(() => resolve())) };
}
