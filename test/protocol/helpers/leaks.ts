import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';

// process.getActiveResourcesInfo() names vs async_hooks types of the same resources.
const KINDS: Record<string, string> = { TCPSocketWrap: 'TCPWRAP', TCPServerWrap: 'TCPSERVERWRAP', TLSWrap: 'TLSWRAP', Timeout: 'Timeout' };

function counts(): Record<string, number> {
  const result: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) if (r in KINDS) result[r] = (result[r] ?? 0) + 1;
  return result;
}

/**
 * Snapshot of live sockets, servers and timers; `check()` asserts none were left behind and, when
 * some were, names where the suspects were created. Async because mocha arms a promise-returning
 * test's own timeout timer only after the test body has started: the snapshot must come after it.
 */
export async function trackResources(): Promise<{ check(): Promise<void> }> {
  await new Promise((r) => setImmediate(r));
  const before = counts();
  const suspects = new Map<number, string>();
  const hook = createHook({
    init(id, type) {
      if (!Object.values(KINDS).includes(type)) return;
      const frames = (new Error().stack ?? '').split('\n').slice(2).map((l) => l.trim());
      suspects.set(id, `${type} ${frames.find((l) => !l.includes('node:') && !l.includes('leaks.')) ?? frames[0] ?? ''}`);
    },
    destroy(id) {
      suspects.delete(id);
    },
  }).enable();
  return {
    async check() {
      hook.disable();
      const grew = () => Object.keys(KINDS).filter((k) => (counts()[k] ?? 0) > (before[k] ?? 0));
      // Closing sockets finish over the next turns of the event loop: poll briefly (bounded).
      for (let i = 0; i < 40 && grew().length > 0; i++) await new Promise((r) => setImmediate(r)).then(() => new Promise((r) => setTimeout(r, 25)));
      const leaked = grew().map((k) => `${k} ${before[k] ?? 0}→${counts()[k]}`);
      assert.deepEqual(leaked, [], `resources left behind: ${leaked.join(', ')}\n  suspects:\n    ${[...suspects.values()].join('\n    ')}`);
    },
  };
}
