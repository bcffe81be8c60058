import type { CheckResult } from '@vantage/domain';
import { describe, expect, it } from 'vitest';
import { checkResultFromProto, checkResultToProto } from './convert.ts';

const base: CheckResult = {
  resultId: '0b1c3b8e-6a34-4a5e-9a55-0d6f3b1c2d4e',
  monitorId: 'monitor-1',
  region: 'eu-west',
  probeId: 'probe-1',
  startedAt: new Date('2026-01-01T00:00:00.123Z'),
  checkRequestId: null,
  ok: false,
  failure: 'tls',
  statusCode: null,
  dnsMs: 3,
  connectMs: 4,
  tlsMs: null,
  ttfbMs: null,
  totalMs: 12,
  resolvedIp: '93.184.216.34',
  tlsExpiresAt: new Date('2026-06-01T00:00:00Z'),
  tlsIssuer: null,
  error: 'certificate has expired',
};

describe('check result conversion', () => {
  it.each([
    ['a failure with some timings', base],
    [
      'a passing check now',
      {
        ...base,
        ok: true,
        failure: null,
        statusCode: 204,
        tlsExpiresAt: null,
        error: null,
        checkRequestId: 'r1',
      },
    ],
  ])('round-trips %s', (_name, result) => {
    expect(checkResultFromProto(checkResultToProto(result))).toEqual(result);
  });

  it('rounds fractional timings to whole milliseconds on the wire', () => {
    expect(checkResultToProto({ ...base, dnsMs: 1.6, totalMs: 12.4 })).toMatchObject({
      dnsMs: 2,
      totalMs: 12,
    });
  });
});
