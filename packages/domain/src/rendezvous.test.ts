import { describe, expect, it } from 'vitest';
import { rendezvousOwner } from './rendezvous.ts';

const monitors = Array.from(
  { length: 2000 },
  (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
);

describe('rendezvousOwner', () => {
  it('spreads monitors roughly evenly over the probes', () => {
    const probes = ['p1', 'p2', 'p3', 'p4'];
    const counts = new Map<string, number>();
    for (const monitor of monitors) {
      const owner = rendezvousOwner(monitor, probes)!;
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    for (const probe of probes) expect(counts.get(probe)).toBeGreaterThan(400);
  });

  it('moves only the leaving probe’s monitors when a probe disappears', () => {
    const before = monitors.map((monitor) => rendezvousOwner(monitor, ['p1', 'p2', 'p3']));
    const after = monitors.map((monitor) => rendezvousOwner(monitor, ['p1', 'p3']));
    monitors.forEach((_, i) => {
      if (before[i] !== 'p2') expect(after[i]).toBe(before[i]);
      else expect(after[i]).not.toBe('p2');
    });
  });

  it('does not depend on the order of the live set, and is null with no probe', () => {
    expect(rendezvousOwner(monitors[0]!, ['a', 'b', 'c'])).toBe(
      rendezvousOwner(monitors[0]!, ['c', 'a', 'b']),
    );
    expect(rendezvousOwner(monitors[0]!, [])).toBeNull();
  });
});
