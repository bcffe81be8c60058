import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import { parseHostLiteral } from '@vantage/domain';
import { bareHost, type CheckedAddress, pinnedLookup } from './address-guard.ts';
import { CheckFailure, describeNetworkError, isNetworkError, type Measurements } from './outcome.ts';

/** Where to open a connection: the checked address, and for TLS the name the certificate must carry. */
export interface SocketTarget {
  host: string;
  port: number;
  address: CheckedAddress;
  tls: { verify: boolean; alpnProtocols?: string[] } | null;
}

const readableTlsErrors: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate chain is incomplete or untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
};

function recordCertificate(socket: TLSSocket, measured: Measurements): void {
  // The X509Certificate view is much cheaper than getPeerCertificate(), which builds every field.
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) return;
  const expiresAt = new Date(certificate.validTo);
  measured.tlsExpiresAt = Number.isNaN(expiresAt.getTime()) ? null : expiresAt;
  measured.tlsIssuer = certificate.issuer ? certificate.issuer.split('\n').join(', ') : null;
}

let sharedSecureContext: SecureContext | null = null;

/** One TLS context for every check: building one per connection costs a large share of a check's CPU. */
function secureContext(): SecureContext {
  sharedSecureContext ??= createSecureContext({});
  return sharedSecureContext;
}

/**
 * Open a TCP (and optionally TLS) connection pinned to the checked address before `signal` aborts,
 * filling connect/TLS timings, the resolved IP and certificate facts into `measured`. The chain is
 * verified here, not by OpenSSL's reject, so the certificate is recorded even when it is refused.
 * Rejects with `CheckFailure` (`connect`, `tls`) or with the abort reason.
 */
export function openSocket(
  target: SocketTarget,
  signal: AbortSignal,
  measured: Measurements,
): Promise<Socket> {
  const { promise, resolve, reject } = Promise.withResolvers<Socket>();
  if (signal.aborted) return Promise.reject(signal.reason);
  const host = bareHost(target.host);
  const literal = parseHostLiteral(host) !== null;
  const options = { host, port: target.port, lookup: pinnedLookup(target.address), noDelay: true };
  const startMs = performance.now();
  let connectedMs = 0;
  let phase: 'connect' | 'tls' = 'connect';
  measured.resolvedIp = target.address.ip;
  measured.connectMs = null;
  measured.tlsMs = null;
  const socket: Socket = target.tls
    ? connectTls({
        ...options,
        // SNI carries names only; an IP literal target is verified against the certificate's IP entries.
        servername: literal ? undefined : host,
        rejectUnauthorized: false,
        secureContext: secureContext(),
        ALPNProtocols: target.tls.alpnProtocols,
      })
    : connectTcp(options);
  const cleanup = () => {
    signal.removeEventListener('abort', onAbort);
    socket.off('error', onError);
  };
  const fail = (error: unknown) => {
    cleanup();
    socket.destroy();
    reject(error);
  };
  const onAbort = () => fail(signal.reason);
  const onError = (error: Error) => {
    const message = isNetworkError(error) ? describeNetworkError(error) : error.message;
    fail(new CheckFailure(phase, phase === 'tls' ? `TLS handshake failed: ${message}` : message));
  };
  signal.addEventListener('abort', onAbort, { once: true });
  socket.on('error', onError);
  socket.once('connect', () => {
    connectedMs = performance.now();
    measured.connectMs = Math.round(connectedMs - startMs);
    phase = 'tls';
    if (target.tls === null) {
      cleanup();
      resolve(socket);
    }
  });
  socket.once('secureConnect', () => {
    const tlsSocket = socket as TLSSocket;
    measured.tlsMs = Math.round(performance.now() - connectedMs);
    recordCertificate(tlsSocket, measured);
    if (target.tls?.verify && !tlsSocket.authorized) {
      const code = String(tlsSocket.authorizationError);
      fail(new CheckFailure('tls', `TLS certificate rejected: ${readableTlsErrors[code] ?? code} (${code})`));
      return;
    }
    cleanup();
    resolve(socket);
  });
  return promise;
}
