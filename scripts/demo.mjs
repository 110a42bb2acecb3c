// What `npm start` sets up around the workbench so a newcomer sees the product work with no server
// of their own. scripts/start.mjs calls prepareDemo() before code-server starts and dispose() when
// it stops.
//
// HOOK: start the simulated Lync pool here (test/sim) on a loopback port and return the user
// settings that point the extension at it (lyncPersistentChat.sipUri / server / transport /
// username ...), plus anything the extension host needs in its environment (e.g. a CA file).

/**
 * @param {{ repoRoot: string, userDataDir: string, workspaceFolder: string }} _context
 * @returns {Promise<{
 *   userSettings: Record<string, unknown>,   // merged into <demo-user>/User/settings.json, overriding
 *   env: Record<string, string>,             // added to code-server's (and the extension host's) env
 *   notes: string[],                         // printed under the URL (e.g. "demo user: alice / secret")
 *   dispose: () => Promise<void>,            // stop whatever prepareDemo started
 * }>}
 */
export async function prepareDemo(_context) {
  return {
    userSettings: {},
    env: {},
    notes: [],
    dispose: async () => {},
  };
}
