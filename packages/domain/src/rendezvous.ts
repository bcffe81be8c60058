import { fnv1a64Hex } from './monitor/fingerprint.ts';

const mask64 = (1n << 64n) - 1n;

/** MurmurHash3's 64-bit finalizer: FNV-1a alone barely mixes inputs that differ in their last bytes. */
function weightOf(monitorId: string, probeId: string): bigint {
  let k = BigInt(`0x${fnv1a64Hex(`${monitorId}|${probeId}`)}`);
  k ^= k >> 33n;
  k = (k * 0xff51afd7ed558ccdn) & mask64;
  k ^= k >> 33n;
  k = (k * 0xc4ceb9fe1a85ec53n) & mask64;
  return k ^ (k >> 33n);
}

/**
 * Rendezvous (highest random weight) hashing: the probe that owns a monitor in a region. When a probe
 * joins or leaves, only the monitors it wins or held move; every control-plane instance computes the
 * same owner from the same live set. Null when the region has no live probe.
 */
export function rendezvousOwner(monitorId: string, probeIds: readonly string[]): string | null {
  let owner: string | null = null;
  let best = -1n;
  for (const probeId of probeIds) {
    const weight = weightOf(monitorId, probeId);
    if (owner === null || weight > best || (weight === best && probeId < owner)) {
      owner = probeId;
      best = weight;
    }
  }
  return owner;
}
