import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64Hex, monitorFingerprint, probeSpecOf } from './fingerprint.ts';
import { monitorSpecSchema } from './spec.ts';

const spec = monitorSpecSchema.parse({
  type: 'http',
  name: 'API',
  url: 'https://api.example.com/health',
  regions: ['eu-west', 'us-east'],
  headers: { 'X-B': '2', 'X-A': '1' },
});

describe('canonicalJson', () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: [{ d: 1, c: null }] }, '{"a":[{"c":null,"d":1}],"b":1}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [[undefined, 'é'], '[null,"é"]'],
    ['a"b', '"a\\"b"'],
    [null, 'null'],
  ])('writes %j as %s', (value, json) => {
    expect(canonicalJson(value)).toBe(json);
  });

  it('does not depend on key order', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });
});

describe('fnv1a64Hex', () => {
  // Reference vectors from the FNV authors (draft-eastlake-fnv).
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('hashes %j to %s', (text, hex) => {
    expect(fnv1a64Hex(text)).toBe(hex);
  });

  it('agrees with a BigInt implementation on long UTF-8 input', () => {
    const text = `${'ünïcødé ✓ '.repeat(500)}${canonicalJson(spec)}`;
    let hash = 0xcbf29ce484222325n;
    for (const byte of new TextEncoder().encode(text)) {
      hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
    }
    expect(fnv1a64Hex(text)).toBe(hash.toString(16).padStart(16, '0'));
  });
});

describe('monitorFingerprint', () => {
  const fingerprint = monitorFingerprint(spec);

  it.each([
    ['name', { name: 'Renamed' }],
    ['regions', { regions: ['eu-west'] }],
    ['tags', { tags: ['prod'] }],
    ['thresholds', { failureThreshold: 3, recoveryThreshold: 1 }],
    ['header order', { headers: { 'X-A': '1', 'X-B': '2' } }],
  ])('stays the same when %s change', (_, change) => {
    expect(monitorFingerprint({ ...spec, ...change })).toBe(fingerprint);
  });

  it.each([
    ['url', { url: 'https://api.example.com/v2/health' }],
    ['interval', { intervalSeconds: 30 }],
    ['timeout', { timeoutMs: 5000 }],
    ['a header value', { headers: { 'X-A': '1', 'X-B': '3' } }],
    ['the expected codes', { expectedStatusCodes: [200] }],
  ])('changes when the %s changes', (_, change) => {
    expect(monitorFingerprint({ ...spec, ...change })).not.toBe(fingerprint);
  });

  it('is 16 hex digits', () => {
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives the probe what it runs and nothing else', () => {
    const probeSpec = probeSpecOf(spec);
    expect(probeSpec).toMatchObject({
      type: 'http',
      url: 'https://api.example.com/health',
      intervalSeconds: 60,
      timeoutMs: 10_000,
    });
    expect(probeSpec).not.toHaveProperty('name');
    expect(probeSpec).not.toHaveProperty('alertChannelIds');
    expect(probeSpec).not.toHaveProperty('regions');
  });
});
