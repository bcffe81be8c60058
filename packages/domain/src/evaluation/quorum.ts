import type { RegionState } from '../status.ts';

/** A monitor's health from its regions (before maintenance and pausing are applied). */
export type MonitorHealth = RegionState;

/** The monitor's health and the regions that are down or degraded, sorted. */
export interface QuorumVerdict {
  health: MonitorHealth;
  affectedRegions: string[];
}

/**
 * Monitor health from region states (DESIGN.md §6): `down` when at least Q known regions are down
 * (Q = `quorum`, or a majority of the known regions when null); `degraded` when some but fewer than Q
 * are down, or any is degraded; `up` otherwise. Unknown regions leave the denominator; with no known
 * region the monitor is `unknown`. An explicit Q is not lowered when regions are unknown: two of three
 * regions gone and the third down reads `degraded` for Q = 2.
 */
export function quorumVerdict(
  regions: ReadonlyArray<{ region: string; state: RegionState }>,
  quorum: number | null,
): QuorumVerdict {
  const known = regions.filter((region) => region.state !== 'unknown');
  const affectedRegions = known
    .filter((region) => region.state === 'down' || region.state === 'degraded')
    .map((region) => region.region)
    .sort();
  if (known.length === 0) return { health: 'unknown', affectedRegions };
  const needed = quorum ?? Math.floor(known.length / 2) + 1;
  const down = known.filter((region) => region.state === 'down').length;
  if (down >= needed) return { health: 'down', affectedRegions };
  return { health: affectedRegions.length > 0 ? 'degraded' : 'up', affectedRegions };
}
