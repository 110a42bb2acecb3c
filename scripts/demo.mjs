// What `npm start` sets up around the workbench so a newcomer sees the product work with no server
// of their own. scripts/start.mjs calls prepareDemo() before code-server starts and dispose() when
// it stops.
//
// The simulated Lync pool (dist/sim.js, the bundle of simulator) runs in this process on free
// loopback ports; the extension is pointed at it through its settings (scripts/demoProfile.mjs
// writes each where VS Code reads it). The demo signs its user in from its own side: the demo's
// companion extension (simulator/demo-extension, linked only by `npm start`) reads the password
// from the environment below and hands it to the extension's public API (`signIn`); the extension
// itself has no demo code path. A few seconds after the demo user's Persistent Chat session is
// established, the pool pushes a live room invitation to a room the user is not in yet, so the
// first connection shows a notification as well as the pending invitation from the catalogue.
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** Seconds between the chat session being established and the live invitation. */
const LIVE_INVITATION_DELAY_S = 6;
const SESSION_POLL_MS = 1000;

/**
 * What this file uses of dist/sim.js (simulator/index.ts: startDemoPool, DemoPool, SimulatedLyncPool).
 * @typedef {{ name: string, uri: string, invitations: boolean, members: string[] }} PoolRoom
 * @typedef {{ kind: string, userUri: string, callId: string }} PoolSession
 * @typedef {{
 *   users: { uri: string, login: string }[],
 *   rooms(): PoolRoom[],
 *   chatSessions(): PoolSession[],
 *   inviteUser(userUri: string, roomUri: string): unknown,
 *   log: { note(text: string): void },
 * }} Pool
 * @typedef {{
 *   pool: Pool, uri: string, password: string, server: string, transport: string, caFile: string,
 *   stop(): Promise<void>,
 * }} DemoPool
 * @typedef {{ startDemoPool(options: { logFile?: string, edge?: boolean }): Promise<DemoPool> }} Sim
 */

/**
 * @param {{ repoRoot: string, userDataDir: string, workspaceFolder: string, edge?: boolean }} context (edge: sign in through the simulated Access Edge)
 * @returns {Promise<{
 *   userSettings: Record<string, unknown>,   // merged into <demo-user>/User/settings.json, overriding
 *   env: Record<string, string>,             // added to code-server's env: the companion extension reads it
 *   pool: object,                            // the simulated pool (tests drive it)
 *   notes: string[],                         // printed under the URL (e.g. "demo user: alice / secret")
 *   dispose: () => Promise<void>,            // stop whatever prepareDemo started
 * }>}
 */
export async function prepareDemo(context) {
  const bundle = join(context.repoRoot, 'dist', 'sim.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build`);
  const sim = /** @type {Sim} */ (createRequire(import.meta.url)(bundle));
  const logFile = join(dirname(context.userDataDir), 'sim.log');
  writeFileSync(logFile, ''); // one run per file
  const demo = await sim.startDemoPool({ logFile, edge: context.edge });
  const inviter = pushLiveInvitations(demo.pool, demo.uri);
  const user = demo.pool.users.find((u) => u.uri === demo.uri);
  return {
    userSettings: {
      'lyncPersistentChat.sipUri': demo.uri,
      'lyncPersistentChat.server': demo.server,
      'lyncPersistentChat.transport': demo.transport,
      'lyncPersistentChat.username': user?.login ?? '',
      'lyncPersistentChat.endpointKind': 'user',
      'lyncPersistentChat.persistentChatUri': '',
      'lyncPersistentChat.caFile': demo.caFile,
      'lyncPersistentChat.autoConnect': true,
      'lyncPersistentChat.notifications': 'all',
    },
    // Read (and removed from its process) by simulator/demo-extension, never by the extension.
    env: { LYNC_PCHAT_DEMO_URI: demo.uri, LYNC_PCHAT_DEMO_PASSWORD: demo.password },
    pool: demo.pool,
    notes: [
      `demo user ${demo.uri} (${user?.login ?? demo.uri}, password: ${demo.password}) on the simulated Lync pool at ${demo.server}${context.edge ? ' (its Access Edge: signed in from outside)' : ''} (${demo.transport.toUpperCase()}, test CA ${relative(context.repoRoot, demo.caFile)})`,
      `a live room invitation arrives ${LIVE_INVITATION_DELAY_S} s after the extension connects (once per room the demo user is not in yet)`,
      `the pool's SIP message log: ${relative(context.repoRoot, logFile)}`,
    ],
    dispose: async () => {
      inviter.dispose();
      await demo.stop();
    },
  };
}

/**
 * Watches the pool for new chat sessions of `userUri` and invites the user to a room they are not
 * a member of yet a few seconds after each one is established. Once there is no such room, no
 * more: re-inviting a member would only show the same room again.
 * @param {Pool} pool @param {string} userUri
 */
function pushLiveInvitations(pool, userUri) {
  /** @type {Set<string>} */
  const seen = new Set();
  /** @type {Set<NodeJS.Timeout>} */
  const pending = new Set();
  const inviteSoon = () => {
    const timer = setTimeout(() => {
      pending.delete(timer);
      const room = pool.rooms().find((r) => r.invitations && !r.members.includes(userUri));
      if (!room) return;
      try {
        pool.inviteUser(userUri, room.uri);
      } catch (error) {
        pool.log.note(`demo: live invitation to ${room.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, LIVE_INVITATION_DELAY_S * 1000);
    pending.add(timer);
  };
  const poll = setInterval(() => {
    for (const session of pool.chatSessions()) {
      if (session.kind !== 'chat' || session.userUri.toLowerCase() !== userUri.toLowerCase() || seen.has(session.callId)) continue;
      seen.add(session.callId);
      inviteSoon();
    }
  }, SESSION_POLL_MS);
  return {
    dispose() {
      clearInterval(poll);
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}
