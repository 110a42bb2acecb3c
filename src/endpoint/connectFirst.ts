import type * as net from 'node:net';
import { throwIfAborted } from '../common/abort';
import { LyncError } from '../common/errors';
import type { Logger } from '../common/logger';
import { DISCOVERED_CONNECT_TIMEOUT_MS, DISCOVERY_BOUND_MS, ServerList } from '../sip/discovery';
import { ConnectTarget, openSocket } from '../sip/transport/connect';
import type { TlsSettings } from '../sip/transport/tlsOptions';
import type { TlsSessionCache } from '../sip/transport/tlsSessions';

export interface ConnectFirstOptions {
  tls?: TlsSettings;
  /** TLS sessions to resume on a reconnect. */
  tlsSessions?: TlsSessionCache;
  /** An explicit server's connect timeout; discovered targets get a shorter one. */
  connectTimeoutMs: number;
  signal: AbortSignal;
  logger: Logger;
  /** When discovery started (its bound counts from there); default now. */
  startedAt?: number;
}

/**
 * Tries each server once, in order, and returns the first socket. A discovered list is bounded
 * (DISCOVERY_BOUND_MS from `startedAt`), each target with a short timeout, and its failure lists
 * every name looked up and every host:port tried with its failure. A certificate problem stops the
 * search (docs/protocol/registration.md#discovery); so does cancellation.
 */
export async function connectFirst(list: ServerList, options: ConnectFirstOptions): Promise<{ socket: net.Socket; target: ConnectTarget }> {
  const deadline = (options.startedAt ?? Date.now()) + DISCOVERY_BOUND_MS;
  const tried: string[] = [];
  let last: LyncError | undefined;
  for (const target of list.targets) {
    throwIfAborted(options.signal);
    const where = `${target.host}:${target.port}`;
    const timeoutMs = list.discovered ? Math.min(options.connectTimeoutMs, DISCOVERED_CONNECT_TIMEOUT_MS, deadline - Date.now()) : options.connectTimeoutMs;
    if (timeoutMs <= 0) {
      tried.push(`${where}: not tried (discovery took ${Math.round(DISCOVERY_BOUND_MS / 1000)} s)`);
      continue;
    }
    try {
      options.logger.debug(`connecting to ${where} over ${target.transport.toUpperCase()}`);
      const socket = await openSocket(target, { tls: options.tls, timeoutMs, signal: options.signal, sessions: options.tlsSessions });
      return { socket, target };
    } catch (error) {
      last = LyncError.from(error, 'ConnectionFailed');
      if (last.code === 'Aborted' || last.code.startsWith('Certificate') || last.code === 'InvalidSettings') throw last;
      options.logger.debug(`${where}: ${last.message}`);
      tried.push(`${where}: ${failureLabel(last)}`);
    }
  }
  if (!list.discovered && last) throw last;
  throw notFound(list, tried, last);
}

function notFound(list: ServerList, tried: readonly string[], last: LyncError | undefined): LyncError {
  const lines = [...list.lookups, ...tried];
  return new LyncError('ServerNotFound', `No Lync server was found for this domain; set the server explicitly. Tried: ${lines.join('; ')}.`, { cause: last });
}

/** The short reason a target failed: NXDOMAIN, refused, timeout, a TLS error, or the message. */
export function failureLabel(error: LyncError): string {
  const cause = (error.cause as NodeJS.ErrnoException | undefined)?.code;
  if (cause === 'ENOTFOUND') return 'NXDOMAIN';
  if (cause === 'EAI_AGAIN') return 'name lookup failed (EAI_AGAIN)';
  if (cause === 'ECONNREFUSED') return 'refused';
  if (error.code === 'Timeout') return 'timeout';
  if (/TLS/.test(error.message)) return `TLS error (${error.message})`;
  return error.message;
}
