import { describe, expect, it } from 'vitest';
import { zodIssuesToDetails } from '../service-error.ts';
import type { MonitorSpec } from './spec.ts';
import {
  applyMonitorPatch,
  monitorKinds,
  monitorPatchSchema,
  monitorSchemas,
  monitorSpecSchema,
} from './spec.ts';

const channelId = '3f1c2a8e-7b4d-4c1e-9f0a-2b6d8e4c1a7f';
const http = { type: 'http', name: 'API', url: 'https://api.example.com/health', regions: ['eu-west'] };
const tcp = { type: 'tcp', name: 'DB', host: 'db.example.com', port: 5432, regions: ['eu-west', 'us-east'] };
const dns = { type: 'dns', name: 'Apex', recordName: 'example.com', recordType: 'A', regions: ['eu-west'] };
const tls = { type: 'tls', name: 'Cert', host: 'example.com', regions: ['eu-west'] };
const heartbeat = { type: 'heartbeat', name: 'Nightly backup', expectedEverySeconds: 86_400 };

function pathsOf(input: unknown): string[] {
  const result = monitorSpecSchema.safeParse(input);
  return result.success ? [] : zodIssuesToDetails(result.error).map((issue) => issue.path);
}

describe('monitorSpecSchema defaults', () => {
  it('fills in every default of an http monitor', () => {
    expect(monitorSpecSchema.parse(http)).toEqual({
      ...http,
      alertChannelIds: [],
      tags: [],
      intervalSeconds: 60,
      timeoutMs: 10_000,
      failureThreshold: 2,
      recoveryThreshold: 2,
      quorum: null,
      method: 'GET',
      headers: {},
      body: null,
      followRedirects: true,
      expectedStatusCodes: ['2xx'],
      bodyContains: null,
      bodyNotContains: null,
      jsonPathAssertions: [],
      degradedAboveMs: null,
      verifyTls: true,
    });
  });

  it.each([
    ['tls port', tls, { port: 443, expiryWarningDays: 14 }],
    ['dns resolver', dns, { expectedValues: [], resolver: null }],
    ['heartbeat', heartbeat, { graceSeconds: 60, regions: [], quorum: null }],
  ])('fills in %s defaults', (_, input, expected) => {
    expect(monitorSpecSchema.parse(input)).toMatchObject(expected);
  });

  it('gives heartbeats no probe schedule', () => {
    const spec = monitorSpecSchema.parse(heartbeat);
    expect(spec).not.toHaveProperty('intervalSeconds');
    expect(spec).not.toHaveProperty('timeoutMs');
  });

  it.each([
    ['  Example.COM. ', 'example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['2130706433', '127.0.0.1'],
    ['[::1]', '::1'],
    ['::FFFF:127.0.0.1', '::ffff:7f00:1'],
  ])('stores the host %j as %j', (host, stored) => {
    expect(monitorSpecSchema.parse({ ...tcp, host })).toMatchObject({ host: stored });
  });

  it.each([
    ['trims the name', { ...http, name: '  API  ' }, { name: 'API' }],
    ['accepts an SRV name', { ...dns, recordName: '_sip._tcp.example.com', recordType: 'SRV' }, {}],
    [
      'normalizes the resolver',
      { ...dns, resolver: '[2606:4700:4700::1111]' },
      { resolver: '2606:4700:4700::1111' },
    ],
    ['accepts codes and classes', { ...http, expectedStatusCodes: [200, '3xx'] }, {}],
    ['accepts a quorum', { ...tcp, quorum: 2 }, { quorum: 2 }],
  ])('%s', (_, input, expected) => {
    expect(monitorSpecSchema.parse(input)).toMatchObject(expected);
  });

  it.each([http, tcp, dns, tls, heartbeat])('parses its own output to the same value (%o)', (input) => {
    const once = monitorSpecSchema.parse(input);
    expect(monitorSpecSchema.parse(once)).toEqual(once);
  });
});

describe('monitorSpecSchema rejects', () => {
  it.each<[string, unknown, string[]]>([
    ['an unknown kind', { ...http, type: 'smtp' }, ['type']],
    ['an unknown key', { ...http, extra: 1 }, ['extra']],
    ['a field of another kind', { ...tcp, url: 'https://x.example' }, ['url']],
    ['an empty name', { ...http, name: '   ' }, ['name']],
    ['a long name', { ...http, name: 'x'.repeat(201) }, ['name']],
    ['no regions', { ...http, regions: [] }, ['regions']],
    ['a bad region id', { ...http, regions: ['EU_West'] }, ['regions.0']],
    ['repeated regions', { ...http, regions: ['eu-west', 'eu-west'] }, ['regions']],
    ['regions on a heartbeat', { ...heartbeat, regions: ['eu-west'] }, ['regions']],
    ['a quorum on a heartbeat', { ...heartbeat, quorum: 1 }, ['quorum']],
    ['an interval on a heartbeat', { ...heartbeat, intervalSeconds: 60 }, ['intervalSeconds']],
    ['a quorum above the regions', { ...tcp, quorum: 3 }, ['quorum']],
    ['a zero quorum', { ...tcp, quorum: 0 }, ['quorum']],
    ['a timeout as long as the interval', { ...http, intervalSeconds: 5, timeoutMs: 5000 }, ['timeoutMs']],
    ['the default timeout on a 1 s interval', { ...http, intervalSeconds: 1 }, ['timeoutMs']],
    ['a fractional interval', { ...http, intervalSeconds: 1.5 }, ['intervalSeconds']],
    ['an interval above a day', { ...http, intervalSeconds: 86_401 }, ['intervalSeconds']],
    ['a tiny timeout', { ...http, timeoutMs: 99 }, ['timeoutMs']],
    ['threshold 0', { ...http, failureThreshold: 0 }, ['failureThreshold']],
    ['threshold 11', { ...http, recoveryThreshold: 11 }, ['recoveryThreshold']],
    ['a bad channel id', { ...http, alertChannelIds: ['nope'] }, ['alertChannelIds.0']],
    ['a repeated channel', { ...http, alertChannelIds: [channelId, channelId] }, ['alertChannelIds']],
    ['21 tags', { ...http, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, ['tags']],
    ['a long tag', { ...http, tags: ['x'.repeat(51)] }, ['tags.0']],
    ['a port of 0', { ...tcp, port: 0 }, ['port']],
    ['a port of 65536', { ...tcp, port: 65_536 }, ['port']],
    ['a host with a path', { ...tcp, host: 'example.com/x' }, ['host']],
    ['a host with a port', { ...tcp, host: 'example.com:80' }, ['host']],
    ['a broken IPv4', { ...tcp, host: '1.2.3.999' }, ['host']],
    ['an IP as DNS name', { ...dns, recordName: '8.8.8.8' }, ['recordName']],
    ['an unknown record type', { ...dns, recordType: 'PTR' }, ['recordType']],
    ['a hostname resolver', { ...dns, resolver: 'dns.google' }, ['resolver']],
    ['a 0 day warning', { ...tls, expiryWarningDays: 0 }, ['expiryWarningDays']],
    ['a heartbeat every 10 s', { ...heartbeat, expectedEverySeconds: 10 }, ['expectedEverySeconds']],
    ['a heartbeat without a period', { type: 'heartbeat', name: 'x' }, ['expectedEverySeconds']],
  ])('%s', (_, input, paths) => {
    expect(pathsOf(input)).toEqual(paths);
  });
});

describe('applyMonitorPatch', () => {
  const existing: MonitorSpec = monitorSpecSchema.parse({ ...http, method: 'POST', intervalSeconds: 30 });

  it('changes only the given fields', () => {
    const result = applyMonitorPatch(existing, { name: 'Renamed', timeoutMs: 5000 });
    expect(result.success && result.data).toEqual({ ...existing, name: 'Renamed', timeoutMs: 5000 });
  });

  it('clears a nullable field with null', () => {
    const withQuorum = monitorSpecSchema.parse({ ...tcp, quorum: 2 });
    const result = applyMonitorPatch(withQuorum, { quorum: null });
    expect(result.success && result.data.quorum).toBeNull();
  });

  it.each<[string, unknown, string]>([
    ['a type change', { type: 'tcp' }, 'type'],
    ['a field of another kind', { host: 'example.com' }, 'host'],
    ['a timeout longer than the stored interval', { timeoutMs: 40_000 }, 'timeoutMs'],
    ['an invalid value', { method: 'TRACE' }, 'method'],
    ['a non-object', ['name'], ''],
  ])('rejects %s', (_, patch, path) => {
    const result = applyMonitorPatch(existing, patch);
    expect(result.success).toBe(false);
    expect(result.error && zodIssuesToDetails(result.error).map((issue) => issue.path)).toEqual([path]);
  });

  it('accepts a patch repeating the type', () => {
    expect(applyMonitorPatch(existing, { type: 'http', name: 'Same kind' }).success).toBe(true);
  });

  it('checks a shrunk region list against the quorum', () => {
    const withQuorum = monitorSpecSchema.parse({ ...tcp, quorum: 2 });
    const result = applyMonitorPatch(withQuorum, { regions: ['eu-west'] });
    expect(result.error && zodIssuesToDetails(result.error)[0]?.path).toBe('quorum');
  });
});

describe('monitorPatchSchema', () => {
  it.each<[unknown, boolean]>([
    [{}, true],
    [{ name: 'x' }, true],
    [{ regions: ['eu-west'], quorum: 1 }, true],
    [{ url: 'https://example.com', port: 80 }, true],
    [{ name: '' }, false],
    [{ nope: true }, false],
  ])('shape-checks %j (%s)', (patch, ok) => {
    expect(monitorPatchSchema.safeParse(patch).success).toBe(ok);
  });

  it('fills in no defaults', () => {
    expect(monitorPatchSchema.parse({ name: 'x' })).toEqual({ name: 'x' });
  });
});

describe('monitorKinds', () => {
  it('has one schema per kind', () => {
    expect(Object.keys(monitorSchemas)).toEqual([...monitorKinds]);
  });
});
