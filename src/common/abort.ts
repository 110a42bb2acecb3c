import { LyncError } from './errors';

/** Rejects with LyncError('Aborted') if the signal is already aborted. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new LyncError('Aborted', 'The operation was cancelled.');
}

/**
 * Races a promise against an optional AbortSignal and a timeout, cleaning up both afterwards.
 * `onTimeout` names what timed out, for the error message.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  options: { timeoutMs?: number; signal?: AbortSignal; what: string },
): Promise<T> {
  const { timeoutMs, signal, what } = options;
  if (signal?.aborted) return Promise.reject(new LyncError('Aborted', `${what} was cancelled.`));
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => finish(() => reject(new LyncError('Aborted', `${what} was cancelled.`)));
    const finish = (action: () => void) => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    if (timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      timer = setTimeout(() => finish(() => reject(new LyncError('Timeout', `${what} timed out after ${Math.round(timeoutMs / 1000)} s.`))), timeoutMs);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then((v) => finish(() => resolve(v)), (e) => finish(() => reject(e)));
  });
}

/** Resolves after ms, or rejects with Aborted when the signal fires; leaves no timer behind. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return withTimeout(new Promise<void>(() => undefined), { timeoutMs: ms, signal, what: 'Waiting' }).catch((e: unknown) => {
    if (LyncError.is(e, 'Timeout')) return;
    throw e;
  });
}
