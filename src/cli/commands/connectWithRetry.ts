import { LyncError } from '../../common/errors';
import { ChatConnection } from '../../persistentChat/chatConnection';
import { CliOutput } from '../output';

/**
 * The first connect, under the one recovery policy: a transient failure (reset, timeout, 503, a
 * server BYE) is retried with backoff — by a one-shot command for at most `timeoutMs` (--timeout),
 * by `tail` until Ctrl-C — while `--once` and non-transient failures end at once with their error.
 */
export async function connectWithRetry(connection: ChatConnection, timeoutMs: number | undefined, once: boolean, signal: AbortSignal, diag: CliOutput): Promise<void> {
  try {
    await connection.connect(signal);
  } catch (error) {
    const e = LyncError.from(error);
    if (once || !e.retriable || e.code === 'Aborted') throw e;
    diag.event('retrying', { code: e.code, message: e.message }, `connect failed (${e.message}); retrying${timeoutMs === undefined ? ' until Ctrl-C' : ` for up to ${Math.round(timeoutMs / 1000)} s`}`);
    // Without a bound (tail), wait in steps the timer API can hold until Connected, Error or Ctrl-C.
    for (;;) {
      try {
        await connection.waitConnected(timeoutMs ?? 3_600_000, signal);
        return;
      } catch (waitError) {
        if (timeoutMs !== undefined || !LyncError.is(waitError, 'Timeout')) throw waitError;
      }
    }
  }
}
