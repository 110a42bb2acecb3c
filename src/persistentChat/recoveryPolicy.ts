import { LyncError } from '../common/errors';
import type { Event } from '../common/events';
import { clampMs, RETRY_AFTER } from '../common/intervals';

/**
 * The one recovery policy the CLI and the extension share (through ChatConnection and its
 * Reconnector), on the first connect as after it:
 * - non-transient causes — a wrong password, an account not enabled, an untrusted certificate, a
 *   bad signature, Persistent Chat not offered — end with their error (`fail`);
 * - the chat session alone going away while the signed-in endpoint is fine — a server BYE, 481 for
 *   the chat dialog, a chat command timing out — restarts the chat session at once from the
 *   lookup, keeping the registration (`restartChat`);
 * - everything else transient — reset, refused, timeouts, 503 — is retried with backoff, at least
 *   as late as the server's Retry-After (`retry`).
 */
export type Recovery = 'fail' | 'retry' | 'restartChat';

export function recoveryFor(error: LyncError, context: { signedIn: boolean }): Recovery {
  if (error.code === 'Aborted' || !error.retriable) return 'fail';
  return context.signedIn ? 'restartChat' : 'retry';
}

/** The backoff delay, raised to the server's Retry-After (bounded: a hostile value cannot park the client). */
export function retryDelayMs(backoffMs: number, reason: LyncError): number {
  if (reason.retryAfterMs === undefined) return backoffMs;
  return Math.max(backoffMs, clampMs(reason.retryAfterMs / 1000, RETRY_AFTER));
}

/** How long a one-shot CLI command (post, history, rooms) keeps retrying the connect by default. */
export const DEFAULT_CONNECT_TIMEOUT_S = 60;

/** The part of ChatConnection's status a wait needs (declared here: chatConnection imports this file). */
interface ConnectionStatus {
  phase: string;
  lastError?: LyncError;
}

export interface ConnectionStatusSource {
  readonly status: ConnectionStatus;
  readonly onStatusChanged: Event<ConnectionStatus>;
}

/**
 * Resolves once the connection is Connected; rejects with the non-transient error when it ends in
 * Error, or — after `timeoutMs` of retrying — with a Timeout naming the last transient error.
 * The bounded wait a one-shot command uses (watch modes just keep listening).
 */
export function waitConnected(source: ConnectionStatusSource, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  if (source.status.phase === 'Connected') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const finish = (action: () => void): void => {
      clearTimeout(timer);
      sub.dispose();
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    const check = (s: ConnectionStatus): void => {
      if (s.phase === 'Connected') finish(resolve);
      else if (s.phase === 'Error') finish(() => reject(s.lastError ?? new LyncError('ConnectionFailed', 'The connection failed.', { retriable: false })));
      else if (s.phase === 'Disconnected') finish(() => reject(new LyncError('Aborted', 'The connection was closed.')));
    };
    const onAbort = (): void => finish(() => reject(new LyncError('Aborted', 'The operation was cancelled.')));
    const sub = source.onStatusChanged(check);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => finish(() => {
      const last = source.status.lastError;
      reject(new LyncError('Timeout', `Not connected after ${Math.round(timeoutMs / 1000)} s${last ? `: ${last.message}` : '.'}`, {
        cause: last, sipStatus: last?.sipStatus, diagnostics: last?.diagnostics, retriable: false,
      }));
    }), Math.max(0, timeoutMs));
    if (signal?.aborted) onAbort();
  });
}
