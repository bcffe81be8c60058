import type { CheckOutcome, FailureKind } from '@vantage/domain';

/** What a check has measured so far; a failing check still reports every phase it got through. */
export interface Measurements {
  statusCode: number | null;
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  ttfbMs: number | null;
  resolvedIp: string | null;
  tlsExpiresAt: Date | null;
  tlsIssuer: string | null;
}

/** A target failure found deep inside a check, carried to the checker that turns it into an outcome. */
export class CheckFailure extends Error {
  readonly kind: FailureKind;

  /** A failure of `kind` with a message a customer can read. */
  constructor(kind: FailureKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = 'CheckFailure';
  }
}

const maxErrorChars = 500;

/** Nothing measured yet. */
export function noMeasurements(): Measurements {
  return {
    statusCode: null,
    dnsMs: null,
    connectMs: null,
    tlsMs: null,
    ttfbMs: null,
    resolvedIp: null,
    tlsExpiresAt: null,
    tlsIssuer: null,
  };
}

/** Whole milliseconds elapsed since `startMs` (a `performance.now()` reading); the wire carries whole ms. */
export function elapsedMs(startMs: number): number {
  return Math.max(0, Math.round(performance.now() - startMs));
}

/** A successful outcome carrying `measured`. */
export function passed(measured: Measurements, startMs: number): CheckOutcome {
  return { ...measured, ok: true, failure: null, totalMs: elapsedMs(startMs), error: null };
}

/** A failed outcome of `kind` carrying what was measured before the failure. */
export function failed(
  measured: Measurements,
  startMs: number,
  kind: FailureKind,
  message: string,
): CheckOutcome {
  const error = message.length > maxErrorChars ? `${message.slice(0, maxErrorChars - 1)}…` : message;
  return { ...measured, ok: false, failure: kind, totalMs: elapsedMs(startMs), error };
}

// Codes of errors the network (not our code) causes: system socket errors and undici's socket/parser errors.
const networkCodePattern = /^(E[A-Z0-9_]+|UND_ERR_[A-Z_]+|HPE_[A-Z_]+|ERR_SSL_[A-Z0-9_]+|ERR_TLS_[A-Z_]+)$/;

/** Whether `error` is caused by the peer or the network rather than by a bug of ours. */
export function isNetworkError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && networkCodePattern.test(code);
}

/**
 * The outcome for an error thrown while checking: the deadline passing is `timeout` whatever was
 * interrupted; a `CheckFailure` keeps its kind; a network error becomes `fallbackKind`; anything else is
 * our bug and is rethrown.
 */
export function outcomeOfError(
  error: unknown,
  context: { measured: Measurements; startMs: number; signal: AbortSignal; timeoutMs: number; phase: string },
  fallbackKind: FailureKind = 'connect',
): CheckOutcome {
  const { measured, startMs, signal, timeoutMs, phase } = context;
  if (signal.aborted) return failed(measured, startMs, 'timeout', `Timed out after ${timeoutMs} ms ${phase}`);
  if (error instanceof CheckFailure) return failed(measured, startMs, error.kind, error.message);
  if (isNetworkError(error)) return failed(measured, startMs, fallbackKind, describeNetworkError(error));
  throw error;
}

const readableCodes: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  EHOSTUNREACH: 'Host unreachable',
  ENETUNREACH: 'Network unreachable',
  EPIPE: 'Connection closed by peer',
  UND_ERR_SOCKET: 'Connection closed by peer',
};

/** A short message for a network error: a readable phrase for common codes, then the detail. */
export function describeNetworkError(error: Error & { code: string }): string {
  const phrase = readableCodes[error.code];
  return phrase === undefined ? `${error.code}: ${error.message}` : `${phrase} (${error.message})`;
}
