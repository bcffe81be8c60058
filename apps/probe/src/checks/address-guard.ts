import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isAddressAllowed, parseHostLiteral } from '@vantage/domain';
import type { CheckContext } from './checker.ts';
import { CheckFailure, isNetworkError } from './outcome.ts';

/** A target host resolved once, every address checked; connections go to `ip` and nowhere else. */
export interface CheckedAddress {
  ip: string;
  family: 4 | 6;
  /** Time spent resolving; null when the host was an IP literal. */
  dnsMs: number | null;
}

/** `host` without the brackets a URL puts around an IPv6 literal. */
export function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Resolve `host` once and check every address against the SSRF rules (DESIGN.md §8); one refused
 * address refuses the target, so a name mixing public and private answers cannot slip through.
 * Throws `CheckFailure` (`dns`, `blocked_address`) for the target's faults.
 */
export async function resolveChecked(
  host: string,
  signal: AbortSignal,
  context: CheckContext,
): Promise<CheckedAddress> {
  const literal = parseHostLiteral(bareHost(host));
  const startMs = performance.now();
  const addresses = literal === null ? await resolveAll(bareHost(host), signal) : [literal];
  const dnsMs = literal === null ? Math.round(performance.now() - startMs) : null;
  for (const address of addresses) {
    const decision = isAddressAllowed(address, { allowPrivate: context.allowPrivateTargets });
    if (!decision.allowed) {
      const via = literal === null ? `${host} resolves to ` : '';
      throw new CheckFailure('blocked_address', `${via}${decision.message}`);
    }
  }
  const ip = addresses[0];
  if (ip === undefined) throw new CheckFailure('dns', `${host} has no addresses`);
  return { ip, family: ip.includes(':') ? 6 : 4, dnsMs };
}

// The system resolver (hosts file included, as a browser or curl would); it cannot be cancelled, so the
// deadline races it.
async function resolveAll(host: string, signal: AbortSignal): Promise<string[]> {
  signal.throwIfAborted();
  const { promise: aborted, reject } = Promise.withResolvers<never>();
  const onAbort = () => reject(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const answers: LookupAddress[] = await Promise.race([
      lookup(host, { all: true, order: 'verbatim' }),
      aborted,
    ]);
    return answers.map((answer) => parseHostLiteral(answer.address) ?? answer.address);
  } catch (error) {
    if (signal.aborted || !isNetworkError(error)) throw error;
    throw new CheckFailure('dns', `Could not resolve ${host}: ${error.code}`);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** A `lookup` for net/tls/undici `connect` options that answers only the checked address (the pin). */
export function pinnedLookup(address: CheckedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: address.ip, family: address.family }]);
    else callback(null, address.ip, address.family);
  };
}
