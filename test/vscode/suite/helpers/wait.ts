/** Bounded polling for the extension-host suite: waits on state, never asserts on elapsed time. */

const POLL_MS = 50;

/**
 * Polls `probe` until it returns something other than undefined/false and returns that value;
 * rejects with `what` (and the last value seen, via `describe`) when `timeoutMs` passes first.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
  describe?: () => string,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? ` (now: ${describe()})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
