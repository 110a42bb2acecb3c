import { LyncError } from '../common/errors';
import { ChatConnection } from '../persistentChat/chatConnection';

/** Resolves once `signal` aborts (Ctrl-C), at once if it has. */
export function aborted(signal: AbortSignal): Promise<undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }));
}

/**
 * The error the connection gives up with (phase Error); with `atFirstReconnect` (--once) the first
 * failure, when the recovery policy would retry.
 */
export function gaveUp(connection: ChatConnection, atFirstReconnect = false): Promise<LyncError> {
  return new Promise((resolve) => {
    connection.onStatusChanged((s) => {
      if (s.phase === 'Error' || (atFirstReconnect && s.phase === 'Reconnecting')) resolve(s.lastError ?? new LyncError('ConnectionLost', 'The connection was lost.'));
    });
  });
}
