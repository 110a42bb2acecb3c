import assert from 'node:assert/strict';

const TRACKED = ['TCPSocketWrap', 'TCPServerWrap', 'TLSWrap', 'Timeout', 'PipeWrap'];

function counts(): Record<string, number> {
  const result: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) if (TRACKED.includes(r)) result[r] = (result[r] ?? 0) + 1;
  return result;
}

/** Snapshot of live sockets and timers; `check()` asserts none were left behind since. */
export function trackResources(): { check(): Promise<void> } {
  const before = counts();
  return {
    async check() {
      // Closing sockets finish on the next turns of the event loop: poll briefly (bounded).
      let after = counts();
      for (let i = 0; i < 40 && TRACKED.some((k) => (after[k] ?? 0) > (before[k] ?? 0)); i++) {
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setTimeout(r, 25));
        after = counts();
      }
      const leaked = TRACKED.filter((k) => (after[k] ?? 0) > (before[k] ?? 0)).map((k) => `${k} ${before[k] ?? 0}→${after[k]}`);
      assert.deepEqual(leaked, [], `resources left behind: ${leaked.join(', ')}`);
    },
  };
}
