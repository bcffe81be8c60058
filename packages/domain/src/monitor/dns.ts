import * as z from 'zod';
import { parseHostLiteral } from '../ip-rules.ts';
import { checkProbed, normalizeHost, probedShape } from './fields.ts';

/** DNS record types a dns monitor can query. */
export const dnsRecordTypes = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SOA', 'CAA', 'SRV'] as const;

/** One DNS record type. */
export type DnsRecordType = (typeof dnsRecordTypes)[number];

// A record name is a hostname that may also carry `_service._proto` style labels; never an IP literal.
const recordName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .transform((value, ctx) => {
    const name = parseHostLiteral(value) === null ? normalizeHost(value) : null;
    if (name !== null) return name;
    ctx.issues.push({ code: 'custom', input: value, message: 'Must be a domain name' });
    return z.NEVER;
  });

const resolver = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const address = parseHostLiteral(value);
    if (address !== null) return address;
    ctx.issues.push({ code: 'custom', input: value, message: 'Must be an IP address' });
    return z.NEVER;
  });

/**
 * A DNS check: query `recordName` for `recordType` (through `resolver`, or the probe's system resolver
 * when null); when `expectedValues` is non-empty every expected value must be among the answers.
 */
export const dnsMonitorSchema = z
  .strictObject({
    type: z.literal('dns'),
    ...probedShape,
    recordName,
    recordType: z.enum(dnsRecordTypes),
    expectedValues: z.array(z.string().trim().min(1).max(1024)).max(20).default([]),
    resolver: resolver.nullable().default(null),
  })
  .superRefine(checkProbed);

/** A validated dns monitor spec. */
export type DnsMonitorSpec = z.output<typeof dnsMonitorSchema>;
