import type { Resolver } from 'node:dns/promises';
import { type DnsRecordType, parseHostLiteral } from '@vantage/domain';

/** One answer record: how it is shown first, then every form an expected value may take to match it. */
export type DnsAnswer = string[];

function caaValue(record: Record<string, unknown>): [string, string] {
  const entry = Object.entries(record).find(([key]) => key !== 'critical');
  return entry === undefined ? ['', ''] : [entry[0], String(entry[1])];
}

/** Query `name` for `type` records; rejects with the resolver's error (a `code` like ENOTFOUND). */
export async function queryRecords(
  resolver: Resolver,
  name: string,
  type: DnsRecordType,
): Promise<DnsAnswer[]> {
  switch (type) {
    case 'A':
      return (await resolver.resolve4(name)).map((address) => [address]);
    case 'AAAA':
      return (await resolver.resolve6(name)).map((address) => [parseHostLiteral(address) ?? address]);
    case 'CNAME':
      return (await resolver.resolveCname(name)).map((target) => [target]);
    case 'NS':
      return (await resolver.resolveNs(name)).map((target) => [target]);
    case 'MX':
      return (await resolver.resolveMx(name)).map((mx) => [`${mx.priority} ${mx.exchange}`, mx.exchange]);
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((chunks) => [chunks.join('')]);
    case 'SOA': {
      const soa = await resolver.resolveSoa(name);
      const fields = [soa.nsname, soa.hostmaster, soa.serial, soa.refresh, soa.retry, soa.expire, soa.minttl];
      return [[fields.join(' '), soa.nsname]];
    }
    case 'CAA':
      return (await resolver.resolveCaa(name)).map((record) => {
        const [tag, value] = caaValue(record as unknown as Record<string, unknown>);
        return [`${record.critical} ${tag} "${value}"`, `${tag} ${value}`, value];
      });
    case 'SRV':
      return (await resolver.resolveSrv(name)).map((srv) => [
        `${srv.priority} ${srv.weight} ${srv.port} ${srv.name}`,
        srv.name,
      ]);
  }
}

// Names compare without case or a trailing dot; addresses in canonical form; spacing collapsed.
function normalize(value: string): string {
  const text = value.trim().replace(/\s+/g, ' ');
  const address = parseHostLiteral(text);
  if (address !== null) return address;
  return text.toLowerCase().replace(/\.$/, '');
}

/** The expected values no answer matches (TXT values compare exactly, other records loosely). */
export function missingValues(type: DnsRecordType, answers: DnsAnswer[], expected: string[]): string[] {
  const key = type === 'TXT' ? (value: string) => value : normalize;
  const present = new Set(answers.flat().map(key));
  return expected.filter((value) => !present.has(key(value)));
}
