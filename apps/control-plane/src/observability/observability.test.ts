import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { checkResultToProto } from '@vantage/proto';
import { useTestServices } from '@vantage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient, registerUser } from '../test-support/api-client.ts';
import { startTestControlPlane } from '../test-support/control-plane.ts';
import { eventually, insertPlatformRegions, orgIdOf } from '../test-support/monitors.ts';
import { connectFakeProbe } from '../test-support/probe-client.ts';
import { checkResult, storeMonitor } from '../test-support/results.ts';

const services = await useTestServices();
const logLines: string[] = [];
const logDestination = { write: (line: string) => void logLines.push(line) };
const controlPlane = await startTestControlPlane(services, { LOG_LEVEL: 'trace' }, { logDestination });
const withToken = await startTestControlPlane(services, { METRICS_TOKEN: 'scrape-token-0123456789' });
afterAll(async () => {
  await controlPlane.stop();
  await withToken.stop();
});
await insertPlatformRegions(services);

async function scrape(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/metrics`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** The value of one sample line (`name{labels} value`) whose text contains every fragment. */
function sample(text: string, name: string, ...fragments: string[]): number | null {
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(name) && fragments.every((part) => candidate.includes(part)));
  return line === undefined ? null : Number(line.split(' ').at(-1));
}

/** A non-loopback address of this machine, to reach the server as a remote scraper would. */
function externalAddress(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? [])
      if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return null;
}

describe('GET /metrics', () => {
  it('counts requests by route id and status, ingest rows and batches, evaluator lag and connected probes', async () => {
    const { client, orgSlug } = await registerUser(controlPlane.url);
    await client.get('/me');
    const monitor = await storeMonitor(services, await orgIdOf(services, orgSlug), {
      type: 'http',
      name: 'Metrics',
      url: 'http://93.184.215.14/',
      regions: ['eu-west'],
    });
    const issued = await client.post('/admin/probe-tokens', { regionId: 'eu-west', name: 'metrics' });
    const probe = connectFakeProbe(controlPlane.grpcPort, issued.body.token);
    await probe.waitFor(() => probe.messages.some((message) => message.message?.$case === 'snapshot'));
    const batchId = randomUUID();
    const results = [checkResult(monitor.id), checkResult(monitor.id), checkResult(monitor.id)];
    probe.send({
      message: { $case: 'resultBatch', value: { batchId, results: results.map(checkResultToProto) } },
    });
    await probe.waitFor(() =>
      probe.messages.some(
        (message) => message.message?.$case === 'ack' && message.message.value.batchId === batchId,
      ),
    );

    const { status, type, text } = await eventually(
      () => scrape(controlPlane.url),
      (scraped) => (sample(scraped.text, 'vantage_evaluator_lag_seconds_count') ?? 0) >= 3,
    );
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(
      sample(text, 'vantage_http_request_duration_seconds_count', 'route="auth.me"', 'status="200"'),
    ).toBe(1);
    expect(
      sample(text, 'vantage_http_request_duration_seconds_count', 'route="auth.register"', 'status="201"'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vantage_ingest_rows_total')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'vantage_ingest_batch_results_bucket', 'le="5"')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vantage_ingest_insert_rows_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'vantage_probes_connected', 'region="eu-west"')).toBe(1);
    expect(sample(text, 'vantage_queue_jobs', 'queue="deliveries"', 'state="waiting"')).toBe(0);
    expect(sample(text, 'vantage_queue_jobs', 'queue="alert-events"', 'state="failed"')).toBe(0);
    expect(text).toContain('vantage_delivery_failures_total');
    expect(sample(text, 'vantage_control_plane_info', 'roles="api,grpc,worker"')).toBe(1);

    probe.close();
    await eventually(
      () => scrape(controlPlane.url),
      (scraped) => sample(scraped.text, 'vantage_probes_connected', 'region="eu-west"') === null,
    );
  });

  it('labels unknown paths as one route, so scanners cannot multiply the series', async () => {
    for (const path of ['/wp-admin', '/api/v1/nope', `/api/v1/${randomUUID()}`]) {
      expect((await fetch(`${controlPlane.url}${path}`)).status).toBe(404);
    }
    const { text } = await scrape(controlPlane.url);
    expect(
      sample(text, 'vantage_http_request_duration_seconds_count', 'route="unmatched"', 'status="404"'),
    ).toBe(3);
    expect(text).not.toContain('wp-admin');
  });

  it('without METRICS_TOKEN answers only direct loopback requests, not ones a proxy forwarded', async () => {
    expect((await scrape(controlPlane.url)).status).toBe(200);
    const forwarded = await scrape(controlPlane.url, { 'x-forwarded-for': '203.0.113.9' });
    expect(forwarded.status).toBe(403);
    expect(JSON.parse(forwarded.text).error.code).toBe('forbidden');
  });

  it('with METRICS_TOKEN requires the bearer token from everyone', async () => {
    expect((await scrape(withToken.url)).status).toBe(401);
    expect((await scrape(withToken.url, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(
      401,
    );
    const scraped = await scrape(withToken.url, { authorization: 'Bearer scrape-token-0123456789' });
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('vantage_http_request_duration_seconds');
  });

  it('refuses a scraper on another address when no token is set', async (context) => {
    const address = externalAddress();
    if (address === null) return context.skip();
    const remote = await startTestControlPlane(services, { HOST: '0.0.0.0' });
    try {
      const port = new URL(remote.url).port;
      // Connect to the machine's own external address, so the server sees a non-loopback peer.
      const status = await new Promise<number>((resolve, reject) => {
        request({ host: address, port, path: '/metrics' }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
      expect(status).toBe(403);
    } finally {
      await remote.stop();
    }
  });
});

describe('request ids and logs', () => {
  it('echoes a sane X-Request-Id, replaces an unsafe one, and logs method, route, status and duration', async () => {
    const offered = `req-${randomUUID()}`;
    const kept = await fetch(`${controlPlane.url}/api/v1/health`, { headers: { 'x-request-id': offered } });
    expect(kept.headers.get('x-request-id')).toBe(offered);
    const unsafe = await fetch(`${controlPlane.url}/api/v1/health`, {
      headers: { 'x-request-id': 'a b "c" {injected}' },
    });
    const replaced = unsafe.headers.get('x-request-id') ?? '';
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    const generated = (await fetch(`${controlPlane.url}/api/v1/health`)).headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated).not.toBe(replaced);

    const line = await eventually(
      () => logLines.map((text) => JSON.parse(text)).find((entry) => entry.requestId === offered),
      (entry) => entry !== undefined,
    );
    expect(line).toMatchObject({
      msg: 'request',
      method: 'GET',
      route: 'health',
      status: 200,
      service: 'control-plane',
    });
    expect(typeof line.durationMs).toBe('number');
  });

  it('never writes a login password or the session cookie to the log, even at trace level', async () => {
    const password = `pw-${randomUUID()}`;
    const { email } = await registerUser(controlPlane.url, { password });
    const client = new ApiClient(controlPlane.url);
    const login = await client.request(
      'POST',
      '/auth/login',
      { email, password },
      { 'x-request-id': 'login-1' },
    );
    expect(login.status).toBe(200);
    const cookie = client.cookie ?? '';
    const sessionToken = cookie.split('=')[1] ?? '';
    expect(sessionToken.length).toBeGreaterThan(20);
    expect((await client.get('/me')).status).toBe(200);
    const wrong = await new ApiClient(controlPlane.url).post('/auth/login', {
      email,
      password: `${password}-wrong`,
    });
    expect(wrong.status).toBe(401);

    await eventually(
      () => logLines.some((text) => text.includes('"requestId":"login-1"')),
      (found) => found,
    );
    const output = logLines.join('');
    expect(output).toMatch(/"route":"auth\.login","status":200/);
    expect(output).not.toContain(password);
    expect(output).not.toContain(sessionToken);
  });
});
