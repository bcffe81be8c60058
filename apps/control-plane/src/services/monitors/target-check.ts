import { lookup } from 'node:dns/promises';
import {
  type FieldIssue,
  isAddressAllowed,
  literalTargetViolations,
  type MonitorSpec,
  monitorTargets,
  parseHostLiteral,
} from '@vantage/domain';

/** Resolves a hostname to every address it has; an empty list when it does not resolve. */
export type HostResolver = (host: string, timeoutMs: number) => Promise<string[]>;

const lookupTimeoutMs = 3_000;

const classNames: Record<string, string> = { cgnat: 'carrier-grade NAT' };

/** The system resolver (`getaddrinfo`, like the probe's), giving up after `timeoutMs`. */
export const systemResolver: HostResolver = async (host, timeoutMs) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), timeoutMs);
  });
  const resolved = lookup(host, { all: true, verbatim: true }).then(
    (addresses) => addresses.map((entry) => entry.address),
    // NXDOMAIN, SERVFAIL and friends: nothing to check now.
    () => [],
  );
  try {
    return await Promise.race([resolved, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * SSRF check at save time (DESIGN.md §8): IP-literal targets and every address a hostname resolves to
 * must be allowed. A hostname that does not resolve (or not within 3 s) passes: the probe resolves,
 * checks and pins the address again on every run. Issues name the field, prefixed with `pathPrefix`.
 */
export async function targetViolations(
  spec: MonitorSpec,
  options: { allowPrivate: boolean; pathPrefix: string; resolve?: HostResolver },
): Promise<FieldIssue[]> {
  const { allowPrivate, pathPrefix } = options;
  const resolve = options.resolve ?? systemResolver;
  const issues = literalTargetViolations(spec, { allowPrivate }).map((issue) => ({
    path: `${pathPrefix}${issue.path}`,
    message: issue.message,
  }));
  const hostnames = monitorTargets(spec).filter((target) => parseHostLiteral(target.host) === null);
  const resolved = await Promise.all(hostnames.map((target) => resolve(target.host, lookupTimeoutMs)));
  hostnames.forEach((target, index) => {
    for (const address of resolved[index] ?? []) {
      const decision = isAddressAllowed(address, { allowPrivate });
      if (decision.allowed) continue;
      const kind = classNames[decision.reason] ?? decision.reason;
      const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
      issues.push({
        path: `${pathPrefix}${target.path}`,
        message: `${target.host} resolves to ${article} ${kind} address (${address}), which monitors may not reach`,
      });
      // One refused address is enough to explain the refusal.
      break;
    }
  });
  return issues;
}
