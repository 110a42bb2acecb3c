import * as net from 'node:net';
import * as tls from 'node:tls';
import { LyncError } from '../../common/errors';
import { buildTlsOptions, TlsSettings } from './tlsOptions';
import type { TlsSessionCache } from './tlsSessions';

export type SipTransportKind = 'tls' | 'tcp';

export interface ConnectTarget {
  host: string;
  port: number;
  transport: SipTransportKind;
}

export interface ConnectOptions {
  tls?: TlsSettings;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** TLS sessions to resume (and to keep this connection's session in). */
  sessions?: TlsSessionCache;
}

const TLS_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);
const TLS_INVALID = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED', 'CERT_REJECTED', 'INVALID_CA']);

/** Opens a TCP or verified TLS socket, mapping every failure to a LyncError the user can act on. */
export function openSocket(target: ConnectTarget, options: ConnectOptions = {}): Promise<net.Socket> {
  const where = `${target.host}:${target.port}`;
  if (options.signal?.aborted) return Promise.reject(new LyncError('Aborted', `Connecting to ${where} was cancelled.`));
  return new Promise<net.Socket>((resolve, reject) => {
    let socket: net.Socket;
    try {
      socket = target.transport === 'tls'
        ? connectTls(target, options)
        : net.connect({ host: target.host, port: target.port });
    } catch (error) {
      reject(LyncError.from(error, 'InvalidSettings'));
      return;
    }
    let settled = false;
    const timer = options.timeoutMs ? setTimeout(() => fail(new LyncError('Timeout', `No answer from ${where} within ${Math.round(options.timeoutMs! / 1000)} s.`)), options.timeoutMs) : undefined;
    const onAbort = () => fail(new LyncError('Aborted', `Connecting to ${where} was cancelled.`));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
    };
    function fail(error: LyncError) {
      if (settled) return;
      cleanup();
      options.sessions?.delete(target);
      socket.destroy();
      reject(error);
    }
    const onError = (error: NodeJS.ErrnoException) => fail(mapSocketError(error, target));
    socket.once('error', onError);
    socket.once(target.transport === 'tls' ? 'secureConnect' : 'connect', () => {
      if (settled) return;
      cleanup();
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

/** A verified TLS connection, resuming the cached session of this host:port when there is one; keeps the session the server issues. */
function connectTls(target: ConnectTarget, options: ConnectOptions): tls.TLSSocket {
  const socket = tls.connect({ host: target.host, port: target.port, ...buildTlsOptions(options.tls, target.host), session: options.sessions?.get(target) });
  const sessions = options.sessions;
  // TLS 1.3 sends its tickets after the handshake: kept for as long as the socket lives.
  if (sessions) socket.on('session', (session: Buffer) => sessions.set(target, session));
  return socket;
}

export function mapSocketError(error: NodeJS.ErrnoException, target: ConnectTarget): LyncError {
  const where = `${target.host}:${target.port}`;
  const code = error.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA') {
    return new LyncError('ServerNotFound', `The server name ${target.host} could not be resolved (${code}).`, { cause: error });
  }
  if (code === 'ECONNREFUSED') return new LyncError('ConnectionFailed', `${where} refused the connection.`, { cause: error });
  if (code === 'ETIMEDOUT') return new LyncError('Timeout', `Connecting to ${where} timed out.`, { cause: error });
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new LyncError('CertificateNameMismatch', `The certificate of ${where} is not issued for ${target.host}.`, { cause: error, retriable: false });
  }
  if (TLS_UNTRUSTED.has(code)) {
    return new LyncError('CertificateUntrusted', `The certificate of ${where} is not trusted (${code}).`, { cause: error, retriable: false });
  }
  if (TLS_INVALID.has(code)) {
    return new LyncError('CertificateInvalid', `The certificate of ${where} is not valid (${code}).`, { cause: error, retriable: false });
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /alert|handshake|certificate/i.test(error.message)) {
    return new LyncError('ConnectionFailed', `The TLS handshake with ${where} failed: ${error.message}`, { cause: error });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') return new LyncError('ConnectionLost', `${where} closed the connection.`, { cause: error });
  return new LyncError('ConnectionFailed', `Cannot connect to ${where}: ${error.message}`, { cause: error });
}
