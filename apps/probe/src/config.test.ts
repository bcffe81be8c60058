import { describe, expect, it } from 'vitest';
import { parseConfig, parseControlPlaneTarget } from './config.ts';

const token = ['--token', 'vp_abc'];

describe('parseControlPlaneTarget', () => {
  it.each([
    ['127.0.0.1:4001', { address: '127.0.0.1:4001', tls: false }],
    ['localhost:4001', { address: 'localhost:4001', tls: false }],
    ['http://127.0.0.1:4001', { address: '127.0.0.1:4001', tls: false }],
    ['http://[::1]:4001', { address: '[::1]:4001', tls: false }],
    ['https://127.0.0.1:4001', { address: '127.0.0.1:4001', tls: true }],
    ['cp.example.com:4001', { address: 'cp.example.com:4001', tls: true }],
    ['https://cp.example.com', { address: 'cp.example.com:443', tls: true }],
  ])('%s → %o', (input, expected) => {
    expect(parseControlPlaneTarget(input)).toEqual(expected);
  });

  it.each([
    ['http://cp.example.com:4001', 'only allowed for loopback'],
    ['cp.example.com', 'port is required'],
    ['ftp://cp.example.com:21', 'use host:port'],
    ['https://cp.example.com:4001/path', 'expected host:port'],
  ])('refuses %s', (input, message) => {
    expect(parseControlPlaneTarget(input)).toContain(message);
  });
});

describe('parseConfig', () => {
  it('reads flags, with defaults for the optional ones', () => {
    expect(parseConfig(['--control-plane', '127.0.0.1:4001', ...token, '--region', 'eu-west'], {})).toEqual({
      controlPlane: { address: '127.0.0.1:4001', tls: false },
      token: 'vp_abc',
      region: 'eu-west',
      concurrency: 500,
      bufferMaxResults: 200_000,
      bufferMaxBytes: 64 * 1024 * 1024,
      metricsPort: null,
      metricsHost: '127.0.0.1',
      stateDir: null,
    });
  });

  it('serves health and metrics only when a port is given, on loopback unless a host is given', () => {
    const base = ['--control-plane', '127.0.0.1:4001', ...token];
    expect(parseConfig([...base, '--metrics-port', '9464'], {})).toMatchObject({
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
    });
    expect(
      parseConfig(base, { VANTAGE_PROBE_METRICS_PORT: '9464', VANTAGE_PROBE_METRICS_HOST: '0.0.0.0' }),
    ).toMatchObject({ metricsPort: 9464, metricsHost: '0.0.0.0' });
    expect(() => parseConfig([...base, '--metrics-port', '70000'], {})).toThrow(
      '--metrics-port (VANTAGE_PROBE_METRICS_PORT)',
    );
  });

  it('falls back to the environment, flags winning', () => {
    const env = {
      VANTAGE_CONTROL_PLANE_URL: 'https://cp.example.com:4001',
      VANTAGE_PROBE_TOKEN: 'vp_env',
      VANTAGE_PROBE_CONCURRENCY: '32',
    };
    expect(parseConfig(['--concurrency', '64'], env)).toMatchObject({
      controlPlane: { address: 'cp.example.com:4001', tls: true },
      token: 'vp_env',
      region: null,
      concurrency: 64,
    });
  });

  it.each([
    [[...token], '--control-plane (VANTAGE_CONTROL_PLANE_URL): is required'],
    [['--control-plane', '127.0.0.1:4001'], '--token (VANTAGE_PROBE_TOKEN): is required'],
    [
      ['--control-plane', 'nowhere', ...token],
      '--control-plane (VANTAGE_CONTROL_PLANE_URL): a port is required',
    ],
    [
      ['--control-plane', '127.0.0.1:1', ...token, '--region', 'EU'],
      '--region (VANTAGE_REGION): must be a region',
    ],
    [
      ['--control-plane', '127.0.0.1:1', ...token, '--concurrency', '0'],
      '--concurrency (VANTAGE_PROBE_CONCURRENCY)',
    ],
    [['--control-plane', '127.0.0.1:1', ...token, '--buffer-max-bytes', 'lots'], '--buffer-max-bytes'],
    [['--control-plane', '127.0.0.1:1', ...token, '--verbose'], "Unknown option '--verbose'"],
  ])('refuses %j with one line naming the flag', (argv, message) => {
    expect(() => parseConfig(argv, {})).toThrow(message);
  });
});
