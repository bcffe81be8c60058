import { describe, expect, it } from 'vitest';
import { assignmentFromProto } from './convert.ts';

describe('assignmentFromProto', () => {
  const specJson = JSON.stringify({
    type: 'tcp',
    host: 'Example.COM',
    port: 443,
    intervalSeconds: 30,
    timeoutMs: 5000,
  });

  it('validates the spec with the shared schema', () => {
    expect(assignmentFromProto({ monitorId: 'm1', fingerprint: 'f', specJson })).toEqual({
      monitorId: 'm1',
      fingerprint: 'f',
      spec: { type: 'tcp', host: 'example.com', port: 443, intervalSeconds: 30, timeoutMs: 5000 },
    });
  });

  it.each([
    ['not json', '{', 'not JSON'],
    ['a bad port', JSON.stringify({ type: 'tcp', host: 'a.com', port: 0 }), 'port'],
    ['a heartbeat', JSON.stringify({ type: 'heartbeat', expectedEverySeconds: 60 }), 'not probed'],
  ])('refuses %s', (_name, json, message) => {
    const parsed = assignmentFromProto({ monitorId: 'm1', fingerprint: 'f', specJson: json });
    expect(parsed).toEqual({ error: expect.stringContaining(message) });
  });
});
