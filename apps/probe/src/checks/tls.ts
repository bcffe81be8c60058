import type { ProbeSpec } from '@vantage/domain';
import { resolveChecked } from './address-guard.ts';
import type { Checker } from './checker.ts';
import { failed, noMeasurements, outcomeOfError, passed } from './outcome.ts';
import { openSocket } from './socket.ts';

/** The tls kind of probe spec. */
export type TlsProbeSpec = Extract<ProbeSpec, { type: 'tls' }>;

const dayMs = 86_400_000;

/**
 * The tls checker: handshake with the checked address of `host:port`, verify the chain for `host`,
 * and fail (`tls`) when the certificate expires within `expiryWarningDays`.
 */
export const checkTls: Checker<TlsProbeSpec> = async (spec, signal, context) => {
  const startMs = performance.now();
  const measured = noMeasurements();
  let phase = `while resolving ${spec.host}`;
  try {
    const address = await resolveChecked(spec.host, signal, context);
    measured.dnsMs = address.dnsMs;
    phase = 'while connecting or during the TLS handshake';
    const target = { host: spec.host, port: spec.port, address, tls: { verify: true } };
    const socket = await openSocket(target, signal, measured);
    socket.destroy();
    const expiresAt = measured.tlsExpiresAt;
    if (expiresAt === null) return failed(measured, startMs, 'tls', 'The server sent no certificate');
    const remainingMs = expiresAt.getTime() - Date.now();
    if (remainingMs < spec.expiryWarningDays * dayMs) {
      const days = Math.max(0, Math.floor(remainingMs / dayMs));
      const message = `Certificate expires in ${days} day${days === 1 ? '' : 's'} (${expiresAt.toISOString()}), within the ${spec.expiryWarningDays}-day warning`;
      return failed(measured, startMs, 'tls', message);
    }
    return passed(measured, startMs);
  } catch (error) {
    return outcomeOfError(error, { measured, startMs, signal, timeoutMs: spec.timeoutMs, phase }, 'tls');
  }
};
