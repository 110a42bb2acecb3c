import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Page } from 'playwright-core';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { findRepoRoot } from '../runner/prerequisites';
import { chromiumOrSkip, copyCheckout, DemoWorkbench, startLikeNpmStart } from './npmStartHarness';
import { ALICE, browseRooms, clickUntil, connected, editorTabs, inRoom, invitationRows, roomRow, runCommand, until, WAIT_MS } from './workbenchUi';

const COFFEE = { uri: 'ma-chan://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad', name: 'Coffee Corner' } as const;

/** Texts of every notification in the notifications center. */
async function notificationTexts(page: Page): Promise<string[]> {
  await runCommand(page, 'Notifications: Show Notifications');
  await page.locator('.notifications-center').waitFor({ state: 'visible' });
  const texts = await page.locator('.notifications-center .notification-list-item').allInnerTexts();
  await runCommand(page, 'Notifications: Hide Notifications');
  return texts;
}

const RELEASE_TRAIN = 'Release Train';

const chatSessionIds = (pool: SimulatedLyncPool) => pool.chatSessions().filter((s) => s.kind === 'chat' && s.userUri.toLowerCase() === ALICE).map((s) => s.callId);

/** Waits for a chat session of alice's that is not one of `before` (the client is back). */
async function newChatSession(pool: SimulatedLyncPool, before: string[]): Promise<void> {
  await until(() => chatSessionIds(pool).some((id) => !before.includes(id)), 'a new chat session of alice at the pool');
}

describe('npm start: the workbench as a newcomer gets it, settings in the files a user would have', function () {
  this.timeout(300_000);
  const root = findRepoRoot();
  let chromiumPath: string;
  let scratch: string;
  let running: DemoWorkbench | undefined;

  before(function () {
    chromiumPath = chromiumOrSkip(this, root);
    for (const bundle of ['extension.js', 'sim.js']) assert.ok(readFileSync(join(root, 'dist', bundle)).length > 0, `dist/${bundle}: run npm run build`);
    scratch = mkdtempSync(join(tmpdir(), 'lync-npm-start-'));
  });

  /** Copies this checkout to `checkout` with no demo profile yet, and starts it as `npm start` does. */
  function startFreshCopy(checkout: string): Promise<DemoWorkbench> {
    copyCheckout(root, checkout);
    rmSync(join(checkout, '.vscode-test', 'demo-user'), { recursive: true, force: true });
    return startLikeNpmStart(checkout, chromiumPath);
  }

  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  after(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('connects as the demo user with caFile in Machine/settings.json (where a remote window reads it), signed in by the demo\'s own companion extension; two forced reconnects and a window reload leave each invitation listed once and notified once', async () => {
    const checkout = join(scratch, 'first');
    running = await startFreshCopy(checkout);
    const { page, pool } = running;
    const machine = JSON.parse(readFileSync(running.machineSettingsFile, 'utf8')) as Record<string, unknown>;
    const user = JSON.parse(readFileSync(running.userSettingsFile, 'utf8')) as Record<string, unknown>;
    assert.equal(machine['lyncPersistentChat.caFile'], join(checkout, 'simulator', 'pki', 'ca.pem'));
    assert.equal(user['lyncPersistentChat.caFile'], undefined, 'a machine-scoped setting is in the User file, where a remote window ignores it');
    assert.equal(user['lyncPersistentChat.sipUri'], ALICE);
    await connected(page);

    // The catalogue's pending invitation and the demo's live one (a room alice is not in yet).
    await runCommand(page, 'Lync: Show Invitations');
    await invitationRows(page, 'Architecture Guild').first().waitFor({ state: 'visible', timeout: WAIT_MS });
    await invitationRows(page, 'Incident Bridge').first().waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.locator('.notification-list-item', { hasText: 'Incident Bridge' }).first().waitFor({ state: 'attached', timeout: WAIT_MS });

    for (let drop = 1; drop <= 2; drop++) {
      const before = chatSessionIds(pool);
      assert.ok(pool.resetConnections(ALICE) >= 1, `drop ${drop}: alice had no connection to reset`);
      await newChatSession(pool, before);
      await connected(page);
    }
    for (const room of ['Architecture Guild', 'Incident Bridge']) {
      await invitationRows(page, room).first().waitFor({ state: 'visible' });
      assert.equal(await invitationRows(page, room).count(), 1, `${room} is listed more than once after two reconnects`);
    }
    const texts = await notificationTexts(page);
    for (const room of ['Architecture Guild', 'Incident Bridge']) {
      assert.equal(texts.filter((t) => t.includes(room)).length, 1, `${room} was not notified exactly once: ${JSON.stringify(texts)}`);
    }

    const beforeReload = chatSessionIds(pool);
    await page.reload();
    await newChatSession(pool, beforeReload);
    await connected(page);
    await runCommand(page, 'Lync: Show Invitations');
    for (const room of ['Architecture Guild', 'Incident Bridge']) {
      await invitationRows(page, room).first().waitFor({ state: 'visible', timeout: WAIT_MS });
      assert.equal(await invitationRows(page, room).count(), 1, `${room} is listed more than once after the reload`);
    }
    // A genuinely new invitation is notified; had the old ones been announced again after the
    // reload, they would be in the same notification or an earlier one.
    assert.ok(pool.inviteUser(ALICE, 'ma-chan://contoso.com/b8e09fad-f018-4eb5-8967-5b9c819093f7', 'sip:bob@contoso.com'), 'the pool issued no invitation to Release Train');
    await page.locator('.notification-list-item', { hasText: 'Release Train' }).first().waitFor({ state: 'attached', timeout: WAIT_MS });
    const afterReload = await notificationTexts(page);
    assert.equal(afterReload.length, 1, `after the reload only the new invitation may be notified: ${JSON.stringify(afterReload)}`);
    assert.match(afterReload[0], /invited to the chat room "Release Train"/);
  });

  it('Developer: Reload Window (from the Command Palette) restores the open room editors; opening the room whose restored tab is in the background shows that one tab, live, with its history, and its compose box posts once', async () => {
    const checkout = join(scratch, 'reload');
    running = await startFreshCopy(checkout);
    const { page, pool } = running;
    await connected(page);

    // Find and follow the room (Browse Rooms), then open it from the Rooms view, as a user would.
    await browseRooms(page, 'coffee');
    await clickUntil(page.locator('.quick-input-widget .monaco-list-row', { hasText: COFFEE.name }), editorTabs(page, COFFEE.name), 'picking Coffee Corner in Browse Rooms opens its editor');
    await inRoom(page, `#name:text-is("${COFFEE.name}")`).waitFor({ state: 'visible', timeout: WAIT_MS });
    await runCommand(page, 'View: Close All Editors');
    await editorTabs(page, COFFEE.name).first().waitFor({ state: 'detached' });
    await runCommand(page, 'Lync: Show Rooms');
    await clickUntil(roomRow(page, COFFEE.name), editorTabs(page, COFFEE.name), 'clicking Coffee Corner in the Rooms view opens its editor');
    await inRoom(page, `#name:text-is("${COFFEE.name}")`).waitFor({ state: 'visible', timeout: WAIT_MS });
    await inRoom(page, '#messages .msg:has-text("leftover birthday cake")').waitFor({ state: 'visible', timeout: WAIT_MS });
    // A second room opened after it: Coffee Corner's tab is in the background when the window reloads.
    await browseRooms(page, 'release');
    await clickUntil(page.locator('.quick-input-widget .monaco-list-row', { hasText: RELEASE_TRAIN }), inRoom(page, `#name:text-is("${RELEASE_TRAIN}")`), 'picking Release Train in Browse Rooms shows its editor');

    const before = chatSessionIds(pool);
    await runCommand(page, 'Developer: Reload Window');
    await newChatSession(pool, before);
    await connected(page);
    // Restored: both tabs, the active one (Release Train) showing its room.
    await editorTabs(page, COFFEE.name).first().waitFor({ state: 'visible', timeout: WAIT_MS });
    await inRoom(page, `#name:text-is("${RELEASE_TRAIN}")`).waitFor({ state: 'visible', timeout: WAIT_MS });
    // Opening Coffee Corner (a click in the Rooms view) shows its one tab with the room's name, history and, once joined, an enabled compose box.
    await runCommand(page, 'Lync: Show Rooms');
    await clickUntil(roomRow(page, COFFEE.name), inRoom(page, `#name:text-is("${COFFEE.name}")`), 'clicking Coffee Corner in the Rooms view after the reload shows its editor');
    await inRoom(page, '#messages .msg:has-text("leftover birthday cake")').waitFor({ state: 'visible', timeout: WAIT_MS });
    await inRoom(page, 'textarea#compose:not([disabled])').waitFor({ state: 'visible', timeout: WAIT_MS });
    // One tab for the room: the restored one is not left behind as a second editor that would show "already open".
    await editorTabs(page, COFFEE.name).nth(1).waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await editorTabs(page, COFFEE.name).count(), 1, 'opening the room after the reload left two tabs of it');
    // Live messages reach it, and its compose box posts once.
    pool.post('sip:bob@contoso.com', COFFEE.uri, 'Welcome back after the reload');
    await inRoom(page, '#messages .msg:has-text("Welcome back after the reload")').waitFor({ state: 'visible', timeout: WAIT_MS });
    const history = () => pool.rooms().find((r) => r.uri === COFFEE.uri)?.historyCount ?? -1;
    const count = history();
    const text = `Posted from the restored editor ${process.pid}`;
    const compose = inRoom(page, 'textarea#compose');
    await compose.click();
    await compose.pressSequentially(text);
    await compose.press('Enter');
    await inRoom(page, `#messages .msg:has-text(${JSON.stringify(text)})`).first().waitFor({ state: 'visible', timeout: WAIT_MS });
    await until(() => history() === count + 1, 'the post to reach the pool');
    // A later message, so a duplicate of the own post would have arrived before it.
    pool.post('sip:bob@contoso.com', COFFEE.uri, 'a later message');
    await inRoom(page, '#messages .msg:has-text("a later message")').waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.equal(await inRoom(page, `#messages .msg:has-text(${JSON.stringify(text)})`).count(), 1, 'the post from the restored editor is shown more than once');
    assert.equal(history(), count + 2, 'the post from the restored editor reached the pool more than once');
  });

  it('connects from a copied checkout whose original was then deleted (a moved checkout), saying which checkout the profile came from', async () => {
    const original = join(scratch, 'original');
    running = await startFreshCopy(original);
    await connected(running.page);
    await running.close();
    running = undefined;

    const moved = join(scratch, 'moved');
    copyCheckout(original, moved);
    rmSync(original, { recursive: true, force: true });
    running = await startLikeNpmStart(moved, chromiumPath);
    assert.match(running.movedNote ?? '', new RegExp(`made by the checkout at ${original.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const machine = JSON.parse(readFileSync(running.machineSettingsFile, 'utf8')) as Record<string, unknown>;
    assert.equal(machine['lyncPersistentChat.caFile'], join(moved, 'simulator', 'pki', 'ca.pem'));
    await connected(running.page);
  });
});
