import type { MonitorSpec } from './spec.ts';

/** Deterministic JSON: object keys sorted at every depth, undefined members dropped, like JSON.stringify. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${members.join(',')}}`;
}

/** FNV-1a 64-bit hash of the UTF-8 bytes of `text`, as 16 lower-case hex digits. */
export function fnv1a64Hex(text: string): string {
  // Four 16-bit limbs, lowest first, so every product stays exact in a double.
  let [h0, h1, h2, h3] = [0x2325, 0x8422, 0x9ce4, 0xcbf2];
  for (const byte of new TextEncoder().encode(text)) {
    h0 ^= byte;
    // Multiply by the FNV prime 2^40 + 0x1b3 (0x1b3 in limb 0, 0x100 in limb 2), keeping 64 bits.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
    [h0, h1, h2, h3] = [t0 & 0xffff, t1 & 0xffff, t2 & 0xffff, t3 & 0xffff];
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}

// Fields only the control plane uses (naming, alerting, evaluation); a probe never needs them.
const controlPlaneOnly = [
  'name',
  'alertChannelIds',
  'tags',
  'regions',
  'quorum',
  'failureThreshold',
  'recoveryThreshold',
] as const;

type ControlPlaneOnly = (typeof controlPlaneOnly)[number];
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The part of a spec a probe needs to run the check. */
export type ProbeSpec = DistributiveOmit<MonitorSpec, ControlPlaneOnly>;

/** The part of `spec` a probe needs (what assignments carry). */
export function probeSpecOf(spec: MonitorSpec): ProbeSpec {
  const copy: Record<string, unknown> = { ...spec };
  for (const key of controlPlaneOnly) delete copy[key];
  return copy as ProbeSpec;
}

/** Stable 16-hex-digit fingerprint of what a probe runs; equal fingerprints mean an unchanged assignment. */
export function monitorFingerprint(spec: MonitorSpec): string {
  return fnv1a64Hex(canonicalJson(probeSpecOf(spec)));
}
