import { isAddressAllowed, parseHostLiteral } from '@vantage/domain';
import { Agent, type Dispatcher } from 'undici';
import { type HostResolver, systemResolver } from '../services/monitors/target-check.ts';

const lookupTimeoutMs = 3_000;

/** `host` without the brackets a URL puts around an IPv6 literal. */
function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Whether alerts may go to a URL, and the checked address to pin the connection to. */
export type DestinationCheck = { ok: true; address: string | null } | { ok: false; message: string };

/**
 * Checks `url` against the SSRF rules of DESIGN.md §8: an IP literal and every address the host resolves
 * to must be allowed. `unresolved` says what to do with a name that does not resolve: allow it at save
 * time (it is checked again at send time), refuse it when sending.
 */
export async function checkDestination(
  url: string,
  options: { allowPrivate: boolean; unresolved: 'allow' | 'refuse'; resolve?: HostResolver },
): Promise<DestinationCheck> {
  const host = bareHost(new URL(url).hostname);
  const literal = parseHostLiteral(host);
  const addresses = literal ? [literal] : await (options.resolve ?? systemResolver)(host, lookupTimeoutMs);
  if (addresses.length === 0) {
    return options.unresolved === 'allow'
      ? { ok: true, address: null }
      : { ok: false, message: `${host} does not resolve` };
  }
  for (const address of addresses) {
    const decision = isAddressAllowed(address, { allowPrivate: options.allowPrivate });
    if (!decision.allowed) {
      return { ok: false, message: `${host} resolves to ${address}, which alerts may not reach` };
    }
  }
  return { ok: true, address: addresses[0] ?? null };
}

/**
 * A dispatcher for one send: resolves and checks the host again, then pins the connection to the checked
 * address so a DNS answer that changes in between cannot redirect it. Throws with the refusal.
 */
export async function pinnedDispatcher(url: string, allowPrivate: boolean): Promise<Dispatcher> {
  const checked = await checkDestination(url, { allowPrivate, unresolved: 'refuse' });
  if (!checked.ok) throw new Error(checked.message);
  const ip = checked.address ?? '';
  const family = ip.includes(':') ? 6 : 4;
  return new Agent({
    connect: {
      lookup: (_hostname, options, callback) => {
        if (options.all) callback(null, [{ address: ip, family }]);
        else callback(null, ip, family);
      },
    },
  });
}
