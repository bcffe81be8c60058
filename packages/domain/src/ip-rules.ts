import ipaddr from 'ipaddr.js';

/** What kind of network an address belongs to, for SSRF decisions (DESIGN.md §8). */
export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'invalid';

/** Outcome of an SSRF check on one address. */
export type AddressDecision =
  | { allowed: true; addressClass: AddressClass }
  | { allowed: false; reason: AddressClass; message: string };

// Cloud metadata endpoints (AWS/GCP/Azure/Oracle/DO, AWS ECS/EKS credentials, Alibaba), canonical spellings.
const metadataAddresses = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '169.254.170.23',
  '100.100.100.200',
  'fd00:ec2::254',
  'fd00:ec2::23',
]);

// Refused even when private targets are allowed: never a legitimate monitoring target.
const alwaysRefused = new Set<AddressClass>(['metadata', 'unspecified', 'multicast', 'invalid']);

const describedAs: Record<AddressClass, string> = {
  public: 'a public',
  private: 'a private',
  loopback: 'a loopback',
  'link-local': 'a link-local',
  cgnat: 'a carrier-grade NAT',
  metadata: 'a cloud metadata',
  unspecified: 'an unspecified',
  multicast: 'a multicast',
  reserved: 'a reserved',
  invalid: 'no IP',
};

const v4Classes: Record<string, AddressClass> = {
  unspecified: 'unspecified',
  broadcast: 'reserved',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'cgnat',
  private: 'private',
  reserved: 'reserved',
};

const v6Classes: Record<string, AddressClass> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  linkLocal: 'link-local',
  multicast: 'multicast',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
};

/** Canonical text of a bare IPv6 address (RFC 5952 compressed, as the URL parser prints it), or null. */
function canonicalIpv6(text: string): string | null {
  if (text.includes('%') || !ipaddr.IPv6.isValid(text)) return null;
  return ipaddr.IPv6.parse(text).toString();
}

/**
 * Canonical address for a host that is an IP literal in any form a URL or resolver accepts
 * (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`, `[::ffff:127.0.0.1]`, `::1`); null for a hostname.
 */
export function parseHostLiteral(host: string): string | null {
  const trimmed = host.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) return canonicalIpv6(trimmed.slice(1, -1));
  if (trimmed.includes(':')) return canonicalIpv6(trimmed);
  // Characters that would change the URL structure around the host; such input is no host at all.
  if (trimmed === '' || /[\s/?#@\\]/.test(trimmed)) return null;
  let hostname: string;
  try {
    // The WHATWG parser applies the inet_aton rules (decimal, octal, hex, short forms) to IPv4 hosts.
    hostname = new URL(`http://${trimmed}/`).hostname;
  } catch {
    return null;
  }
  return ipaddr.IPv4.isValidFourPartDecimal(hostname) ? hostname : null;
}

/** ASCII (punycode, lower-case) form of a hostname as a URL would resolve it, or null when invalid. */
export function toAsciiHost(host: string): string | null {
  const trimmed = host.trim();
  if (trimmed === '' || /[\s/?#@\\:[\]]/.test(trimmed)) return null;
  try {
    return new URL(`http://${trimmed}/`).hostname;
  } catch {
    return null;
  }
}

function classifyV4(address: ipaddr.IPv4): AddressClass {
  if (metadataAddresses.has(address.toString())) return 'metadata';
  return v4Classes[address.range()] ?? 'public';
}

function v4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

// IPv4 address carried inside an IPv6 one, for the forms a host or a gateway will actually route to it.
function embeddedV4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = address.parts as [number, number, number, number, number, number, number, number];
  const range = address.range();
  // ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated), 64:ff9b::a.b.c.d (NAT64 well-known prefix).
  if (range === 'ipv4Mapped' || range === 'rfc6145') return v4FromParts(p[6], p[7]);
  if (p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0)) return v4FromParts(p[6], p[7]);
  if (p[0] === 0x2002) return v4FromParts(p[1], p[2]);
  // Deprecated IPv4-compatible ::a.b.c.d (but not :: and ::1, which are their own classes).
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7] > 1)) return v4FromParts(p[6], p[7]);
  return null;
}

function classifyV6(address: ipaddr.IPv6): AddressClass {
  if (metadataAddresses.has(address.toString())) return 'metadata';
  const v4 = embeddedV4(address);
  if (v4) return classifyV4(v4);
  const p = address.parts;
  // 64:ff9b:1::/48 is the local-use NAT64 prefix (RFC 8215): an operator's own network.
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 1) return 'private';
  const range = address.range();
  const known = v6Classes[range];
  if (known) return known;
  // Only 2000::/3 is global unicast; everything else (Teredo, docs, ORCHID, unallocated) is reserved.
  const globalUnicast = ((p[0] ?? 0) & 0xe000) === 0x2000;
  return range === 'unicast' && globalUnicast ? 'public' : 'reserved';
}

/** Classify an IP address (any literal form accepted by `parseHostLiteral`) for SSRF rules. */
export function classifyAddress(ip: string): AddressClass {
  const canonical = parseHostLiteral(ip);
  if (canonical === null) return 'invalid';
  const address = ipaddr.parse(canonical);
  return address.kind() === 'ipv4' ? classifyV4(address as ipaddr.IPv4) : classifyV6(address as ipaddr.IPv6);
}

/** Whether a probe may connect to `ip`; metadata, unspecified, multicast and invalid are never allowed. */
export function isAddressAllowed(ip: string, options: { allowPrivate: boolean }): AddressDecision {
  const addressClass = classifyAddress(ip);
  if (addressClass === 'public') return { allowed: true, addressClass };
  if (options.allowPrivate && !alwaysRefused.has(addressClass)) return { allowed: true, addressClass };
  return {
    allowed: false,
    reason: addressClass,
    message: `${ip} is ${describedAs[addressClass]} address, which monitors may not reach`,
  };
}
