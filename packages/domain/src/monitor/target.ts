import { isAddressAllowed, parseHostLiteral } from '../ip-rules.ts';
import type { MonitorSpec } from './spec.ts';

/** A host a monitor will connect to, with the field it came from. */
export type MonitorTarget = { path: string; host: string };

/** Hosts a probe connects to for `spec` (the URL host, `host`, or the DNS resolver); none for heartbeats. */
export function monitorTargets(spec: MonitorSpec): MonitorTarget[] {
  switch (spec.type) {
    case 'http':
      return [{ path: 'url', host: new URL(spec.url).hostname }];
    case 'tcp':
    case 'tls':
      return [{ path: 'host', host: spec.host }];
    case 'dns':
      return spec.resolver === null ? [] : [{ path: 'resolver', host: spec.resolver }];
    case 'heartbeat':
      return [];
  }
}

/**
 * Early SSRF feedback at save time: targets written as IP literals that the rules refuse.
 * Hostnames pass here; the probe still checks every resolved address and every redirect.
 */
export function literalTargetViolations(
  spec: MonitorSpec,
  options: { allowPrivate: boolean },
): { path: string; message: string }[] {
  const violations: { path: string; message: string }[] = [];
  for (const target of monitorTargets(spec)) {
    const address = parseHostLiteral(target.host);
    if (address === null) continue;
    const decision = isAddressAllowed(address, options);
    if (!decision.allowed) violations.push({ path: target.path, message: decision.message });
  }
  return violations;
}
