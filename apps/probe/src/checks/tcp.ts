import type { ProbeSpec } from '@vantage/domain';
import { resolveChecked } from './address-guard.ts';
import type { Checker } from './checker.ts';
import { noMeasurements, outcomeOfError, passed } from './outcome.ts';
import { openSocket } from './socket.ts';

/** The tcp kind of probe spec. */
export type TcpProbeSpec = Extract<ProbeSpec, { type: 'tcp' }>;

/** The tcp checker: up when a connection to the checked address of `host:port` opens in time. */
export const checkTcp: Checker<TcpProbeSpec> = async (spec, signal, context) => {
  const startMs = performance.now();
  const measured = noMeasurements();
  let phase = `while resolving ${spec.host}`;
  try {
    const address = await resolveChecked(spec.host, signal, context);
    measured.dnsMs = address.dnsMs;
    phase = 'while connecting';
    const socket = await openSocket(
      { host: spec.host, port: spec.port, address, tls: null },
      signal,
      measured,
    );
    socket.destroy();
    return passed(measured, startMs);
  } catch (error) {
    return outcomeOfError(error, { measured, startMs, signal, timeoutMs: spec.timeoutMs, phase });
  }
};
