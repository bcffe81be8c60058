import { describe, expect, it } from 'vitest';
import { ago, formatRate, plural } from './fleet.ts';

describe('probe fleet formatting', () => {
  const now = Date.parse('2030-01-01T12:00:00Z');

  it.each([
    ['2030-01-01T11:59:56Z', '4 s ago'],
    ['2030-01-01T12:00:03Z', '0 s ago'],
    ['2030-01-01T11:57:00Z', '3 min ago'],
    ['2030-01-01T09:30:00Z', '2 h ago'],
    ['2029-12-27T12:00:00Z', '5 d ago'],
  ])('%s was %s', (iso, text) => {
    expect(ago(iso, now)).toBe(text);
  });

  it.each([
    [0, '0'],
    [0.0333, '0.03'],
    [4.8, '4.80'],
    [42.17, '42.2'],
    [1250.4, '1,250'],
  ])('%d checks/s reads %s', (perSecond, text) => {
    expect(formatRate(perSecond)).toBe(text);
  });

  it('counts nouns', () => {
    expect([plural(1, 'probe'), plural(2, 'token'), plural(0, 'probe')]).toEqual([
      '1 probe',
      '2 tokens',
      '0 probes',
    ]);
  });
});
