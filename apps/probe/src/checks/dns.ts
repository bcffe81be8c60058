import { Resolver } from 'node:dns/promises';
import type { ProbeSpec } from '@vantage/domain';
import { resolveChecked } from './address-guard.ts';
import type { Checker } from './checker.ts';
import { missingValues, queryRecords } from './dns-answers.ts';
import { CheckFailure, failed, isNetworkError, noMeasurements, outcomeOfError, passed } from './outcome.ts';

/** The dns kind of probe spec. */
export type DnsProbeSpec = Extract<ProbeSpec, { type: 'dns' }>;

const resolverErrors: Record<string, string> = {
  ENOTFOUND: 'does not exist (NXDOMAIN)',
  ENODATA: 'has no records of this type',
  ESERVFAIL: 'could not be answered (SERVFAIL)',
  EREFUSED: 'was refused by the resolver',
  ETIMEOUT: 'got no answer from the resolver',
  ECONNREFUSED: 'could not reach the resolver',
};

/**
 * The dns checker: query `recordName` for `recordType` through `resolver` (checked like any target) or
 * the system's resolvers; every expected value must be among the answers.
 */
export const checkDns: Checker<DnsProbeSpec> = async (spec, signal, context) => {
  const startMs = performance.now();
  const measured = noMeasurements();
  const resolver = new Resolver({ timeout: spec.timeoutMs, tries: 1 });
  const onAbort = () => resolver.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  const phase = `while querying ${spec.recordType} ${spec.recordName}`;
  try {
    if (spec.resolver !== null) {
      const address = await resolveChecked(spec.resolver, signal, context);
      resolver.setServers([address.ip]);
      measured.resolvedIp = address.ip;
    }
    const queryStartMs = performance.now();
    const answers = await queryRecords(resolver, spec.recordName, spec.recordType).catch((error: unknown) => {
      if (signal.aborted || !isNetworkError(error)) throw error;
      measured.dnsMs = Math.round(performance.now() - queryStartMs);
      const reason = resolverErrors[error.code] ?? `failed (${error.code})`;
      throw new CheckFailure('dns', `${spec.recordType} ${spec.recordName} ${reason}`);
    });
    measured.dnsMs = Math.round(performance.now() - queryStartMs);
    if (answers.length === 0) {
      return failed(measured, startMs, 'dns', `${spec.recordType} ${spec.recordName} has no records`);
    }
    if (spec.recordType === 'A' || spec.recordType === 'AAAA') measured.resolvedIp = answers[0]?.[0] ?? null;
    const missing = missingValues(spec.recordType, answers, spec.expectedValues);
    if (missing.length === 0) return passed(measured, startMs);
    const found = answers.map((answer) => answer[0]).join(', ');
    return failed(measured, startMs, 'assertion', `Missing ${missing.join(', ')}; answers: ${found}`);
  } catch (error) {
    return outcomeOfError(error, { measured, startMs, signal, timeoutMs: spec.timeoutMs, phase }, 'dns');
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
};
