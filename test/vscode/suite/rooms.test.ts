import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import type { RoomsUi } from '../../../src/extension/rooms';
import type { LyncService } from '../../../src/extension/lyncService';
import { cleanUp, configureForPool, lyncService, PhaseRecorder, SECTION, signInAsAlice } from './helpers/lync';
import { ALICE, joinedRooms, ROOMS, sharedPool } from './helpers/pool';
import { closeAllEditors, inRoom, ROOMS_HEADER, roomsTitleAction, layoutBox, messageRow, QUICK_INPUT_BOX, quickPickRow, roomAction, roomContextAction, roomRow, roomsUi, roomsViewBox, showRoomsView, typeInto } from './helpers/rooms';
import { clearNotifications, hideNotificationsCenter, invitationAction, invitationRow, notification, notificationButton, screenshot, showInvitationsView, showNotificationsCenter, STATUS_ITEM, STATUS_ITEM_ID, statusBarTooltip } from './helpers/workbench';
import { waitFor } from './helpers/wait';
import { EXTENSION_ID } from './helpers/ids';
import { requireUi, ui } from './ui';
import type { StyleResult } from '../runner/inputChecks';

const BOB = 'sip:bob@contoso.com';
/** The view container's title as the manifest declares it (the activity bar item is labelled with it). */
function activityBarTitle(): string {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { viewsContainers: { activitybar: { id: string; title: string }[] } } } | undefined;
  const title = manifest?.contributes.viewsContainers.activitybar.find((c) => c.id === 'lyncPersistentChat')?.title;
  assert.ok(title, 'the manifest contributes no lyncPersistentChat activity bar container');
  return title;
}
const activityBadge = (): string => `.part.activitybar .action-item:has(.action-label[aria-label^=${JSON.stringify(activityBarTitle())}]) .badge .badge-content`;
const COFFEE = { uri: 'ma-chan://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad', name: 'Coffee Corner' } as const;
/** An open room no other extension-host test uses: the NoAccess/Gone test deletes it. */
const BUILD_NOTIFICATIONS = { uri: 'ma-chan://contoso.com/6d0f3b52-9a41-4c7e-b8d2-1e5f7a9c3b04', name: 'Build Notifications' } as const;

describe('Rooms: the Rooms view, Browse Rooms and the room editor against the simulated pool', () => {
  let pool: SimulatedLyncPool;
  let service: LyncService;
  let rooms: RoomsUi;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
    rooms = await roomsUi();
  });

  beforeEach(async function () {
    requireUi(this);
    await configureForPool(pool, { messageNotifications: 'mentions' });
    await signInAsAlice(service);
    for (const invitation of service.invitations) service.dismissInvitation(invitation.id);
    await closeAllEditors();
    await clearNotifications();
  });

  afterEach(async () => {
    if (!service) return;
    await closeAllEditors();
    await cleanUp(service, pool); // leaves every followed room
  });

  /** Follows a room through the service (setup, not the behaviour under test) and waits until it is joined. */
  async function follow(room: { uri: string; name: string }): Promise<void> {
    await service.rooms!.follow([room.uri]);
    await waitFor(() => rooms.model.find(room.uri)?.state === 'Joined', `${room.name} to be joined`, 10_000, () => JSON.stringify(rooms.model.find(room.uri)));
  }

  /** Waits until the Lync status bar item (connected) no longer mentions unread mentions. */
  async function statusBarWithoutMentions(what: string): Promise<void> {
    let label = '';
    await waitFor(async () => {
      label = (await ui('statusBarItem', { id: STATUS_ITEM_ID, waitForText: 'alice@contoso.com' })).ariaLabel;
      return label.startsWith('Lync Persistent Chat: connected') && !label.includes('mention');
    }, what, 10_000, () => label);
  }

  /**
   * A Rooms row's tooltip once it contains `text`. A row re-rendered under the pointer (the view
   * refreshes on every room change) drops its pending hover: the pointer then moves off and back.
   */
  async function rowTooltip(name: string, text: string): Promise<string> {
    let tooltip = '';
    await waitFor(async () => {
      await ui('unhover', {});
      tooltip = (await ui('hover', { selector: `${roomRow(name)} .monaco-icon-label`, tooltip: true, waitForText: text, timeoutMs: 3000 })).tooltip;
      return tooltip.includes(text);
    }, `the tooltip of ${name} to say "${text}"`, 30_000, () => tooltip || '(no tooltip)');
    await ui('unhover', {});
    return tooltip;
  }

  function historyCount(uri: string): number {
    return pool.chat.rooms().find((r) => r.uri === uri)?.historyCount ?? -1;
  }

  it('Browse Rooms (the Rooms view\'s title action) searches as you type; picking a room joins it, follows it and opens its editor with the history', async () => {
    await showRoomsView();
    await ui('click', { selector: roomsTitleAction('Browse Rooms'), hoverFirst: ROOMS_HEADER });
    await typeInto(QUICK_INPUT_BOX, 'coffee');
    await ui('click', { selector: quickPickRow('Coffee Corner') });
    await waitFor(() => joinedRooms(pool, ALICE.uri).includes(COFFEE.uri), 'alice to join Coffee Corner at the pool', 10_000, () => JSON.stringify(pool.chatSessions()));
    // The first webview of a session can take a while to start on a loaded machine: wait for it, not for a fixed time.
    const header = await ui('element', { selector: inRoom('#name'), timeoutMs: 30_000 });
    assert.equal(header.text, 'Coffee Corner', 'the room editor did not open');
    const history = await ui('element', { selector: inRoom('#messages .msg') });
    assert.ok(history.count >= 1, 'the room opened without its history');
    const log = await ui('element', { selector: inRoom('[role="log"][aria-live="polite"]') });
    assert.equal(log.count, 1, 'the message list is a polite live log');
    assert.equal((await ui('element', { selector: inRoom('textarea#compose[aria-label="Message"]:not([disabled])') })).count, 1, 'the compose box is labelled and enabled');
    await showRoomsView();
    const row = await ui('element', { selector: roomRow('Coffee Corner') });
    assert.equal(row.count, 1, 'the room is in the Rooms view');
    await screenshot('room-editor');
  });

  it('a message another user posts appears live in the open room, and bumps the unread count while the room is not open', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: inRoom('#messages .msg') });
    pool.chat.post(BOB, COFFEE.uri, 'Cake in the kitchen, level 3');
    const live = await ui('element', { selector: messageRow('Cake in the kitchen, level 3') });
    assert.equal(live.count, 1, 'the live message is shown once');
    assert.match(live.text, /bob/);
    assert.equal(rooms.model.find(COFFEE.uri)?.unread, 0, 'a message read in the open room counts as unread');

    await closeAllEditors();
    pool.chat.post(BOB, COFFEE.uri, 'Second cake, level 5');
    await waitFor(() => rooms.model.find(COFFEE.uri)?.unread === 1, 'the unread count to reach 1', 10_000, () => `${rooms.model.find(COFFEE.uri)?.unread}`);
    await showRoomsView();
    const row = await ui('element', { selector: `${roomRow('Coffee Corner')}:has-text("1 new")` });
    assert.equal(row.count, 1, 'the Rooms view shows "1 new"');
    assert.match(row.ariaLabel, /1 unread/);

    // Opening it (a click on the row, as a user would) marks it read.
    await ui('click', { selector: roomRow('Coffee Corner') });
    await ui('element', { selector: messageRow('Second cake, level 5') });
    await waitFor(() => rooms.model.find(COFFEE.uri)?.unread === 0, 'opening the room to mark it read');
  });

  it('Enter in the compose box posts the message once; it reaches the pool', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: inRoom('#messages .msg') });
    const text = `Who is in for lunch? ${Date.now()}`;
    const before = historyCount(COFFEE.uri);
    await typeInto(inRoom('#compose'), text, 'Enter');
    const row = await ui('element', { selector: messageRow(text) });
    assert.equal(row.count, 1);
    const box = await ui('element', { selector: inRoom('#compose'), waitFor: 'none' });
    assert.equal(box.text, '', 'the compose box was not cleared after sending');
    assert.equal(historyCount(COFFEE.uri), before + 1, 'the post did not reach the pool once');
    // Give a duplicate every chance to arrive (a live echo of the own post), then count again.
    pool.chat.post(BOB, COFFEE.uri, 'a later message');
    await ui('element', { selector: messageRow('a later message') });
    assert.equal((await ui('element', { selector: messageRow(text), waitFor: 'none' })).count, 1, 'the own post was shown twice');
  });

  it('Shift+Enter starts a new line instead of sending', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await typeInto(inRoom('#compose'), 'first line', 'Shift+Enter');
    await typeInto(inRoom('#compose'), 'second line', 'Enter');
    const row = await ui('element', { selector: messageRow('second line') });
    assert.match(row.text, /first line second line/);
    assert.equal((await ui('element', { selector: messageRow('first line'), waitFor: 'none' })).count, 1, 'Shift+Enter sent the first line on its own');
  });

  it('a mention raises a notification with Open Room, which opens the room', async () => {
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'alice, can you bring the cake knife?');
    await waitFor(() => rooms.model.find(COFFEE.uri)?.mentions === 1, 'the mention to be counted', 10_000, () => JSON.stringify(rooms.model.find(COFFEE.uri)));
    await showNotificationsCenter();
    const entry = await ui('element', { selector: notification('mentioned you in "Coffee Corner"') });
    assert.equal(entry.count, 1, 'one notification for the mention');
    assert.match(entry.text, /can you bring the cake knife/);
    await ui('click', { selector: notificationButton('mentioned you in "Coffee Corner"', 'Open Room') });
    await hideNotificationsCenter();
    const row = await ui('element', { selector: `${messageRow('can you bring the cake knife')}` });
    assert.equal(row.count, 1);
    const mention = await ui('element', { selector: inRoom('#messages .msg.mention:has-text("cake knife")') });
    assert.equal(mention.count, 1, 'the mention is highlighted');
    await waitFor(() => rooms.model.find(COFFEE.uri)?.mentions === 0, 'opening the room to clear the mention');
  });

  it('with messageNotifications "off" a mention raises no notification', async () => {
    await vscode.workspace.getConfiguration(SECTION).update('messageNotifications', 'off', vscode.ConfigurationTarget.Global);
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'alice: quiet mention');
    await waitFor(() => rooms.model.find(COFFEE.uri)?.mentions === 1, 'the mention to be counted');
    await vscode.workspace.getConfiguration(SECTION).update('messageNotifications', 'mentions', vscode.ConfigurationTarget.Global);
    pool.chat.post(BOB, COFFEE.uri, 'alice: loud mention');
    await showNotificationsCenter();
    assert.equal((await ui('element', { selector: notification('loud mention') })).count, 1, 'the mention after the setting went back was not notified');
    assert.equal((await ui('element', { selector: notification('quiet mention'), waitFor: 'none' })).count, 0, 'a mention was notified while notifications were off');
    await hideNotificationsCenter();
  });

  it('hostile message text renders inert: markup, script, a javascript: link and 10,000 combining marks', async () => {
    await follow(COFFEE);
    const payloads = [
      '<img src=x onerror="document.body.dataset.pwned=1">',
      '<script>document.body.dataset.pwned=2</script>',
      '[click me](javascript:document.body.dataset.pwned=3) javascript:document.body.dataset.pwned=4',
      `Z${'\u0301'.repeat(10_000)}end-of-marks`,
      'after the marks https://example.com/docs?a=1 ok',
    ];
    for (const text of payloads) pool.chat.post(BOB, COFFEE.uri, text);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: messageRow('after the marks') });
    const img = await ui('element', { selector: messageRow('<img src=x onerror') });
    assert.equal(img.count, 1, 'the <img> markup is not shown as text');
    const script = await ui('element', { selector: messageRow('<script>document.body') });
    assert.equal(script.count, 1, 'the <script> markup is not shown as text');
    for (const selector of ['#messages img', '#messages script', '#messages iframe', 'body[data-pwned]', '#messages a[href^="javascript" i]']) {
      assert.equal((await ui('element', { selector: inRoom(selector), waitFor: 'none' })).count, 0, `found ${selector} in the page`);
    }
    assert.equal((await ui('element', { selector: inRoom('#messages a.link[href="https://example.com/docs?a=1"]') })).count, 1, 'an http link is a link');
    // The combining marks stay inside their own row: the next row is laid out below it and visible.
    const marks = await layoutBox(messageRow('end-of-marks'));
    const next = await layoutBox(messageRow('after the marks'));
    assert.ok(marks.found && next.found, 'rows not laid out');
    assert.ok(marks.height < 1000, `the combining-marks row is ${marks.height}px tall`);
    assert.ok(next.y >= marks.y + marks.height - 1, 'the rows overlap');
    await screenshot('room-editor-hostile-text');
  });

  it('Open Room (inline) opens the room; Leave in the Rooms view parts it at the pool, removes it from the view and closes its editor', async () => {
    await follow(COFFEE);
    await showRoomsView();
    await ui('click', { selector: roomAction('Coffee Corner', 'Open Room'), hoverFirst: roomRow('Coffee Corner') });
    const header = await ui('element', { selector: inRoom('#name') });
    assert.equal(header.text, 'Coffee Corner', 'the inline Open Room action did not open the room');
    await ui('click', { selector: roomAction('Coffee Corner', 'Leave Room'), hoverFirst: roomRow('Coffee Corner') });
    await waitFor(() => !joinedRooms(pool, ALICE.uri).includes(COFFEE.uri), 'alice to leave Coffee Corner at the pool');
    const row = await ui('element', { selector: roomRow('Coffee Corner'), waitFor: 'hidden' });
    assert.equal(row.count, 0, 'the room is still in the view');
    assert.equal(rooms.panels.get(COFFEE.uri), undefined, 'the room editor is still open');
  });

  it('Accept on an invitation (the inline action in the Invitations view, or the notification\'s button) joins, follows and opens the room', async () => {
    const view = pool.inviteUser(ALICE.uri, ROOMS.incidentBridge.uri, BOB);
    assert.ok(view);
    await waitFor(() => service.invitations.find((i) => i.id === view.id), 'the invitation to arrive');
    // Its notification first (invitations arriving together share one), so the next one has its own.
    await showNotificationsCenter();
    await ui('element', { selector: notification('invited to the chat room "Incident Bridge"') });
    await hideNotificationsCenter();
    await showInvitationsView();
    await ui('click', { selector: invitationAction(ROOMS.incidentBridge.name, 'Accept Invitation'), hoverFirst: invitationRow(ROOMS.incidentBridge.name) });
    await waitFor(() => rooms.model.find(ROOMS.incidentBridge.uri), 'the accepted room to be followed');
    assert.ok(joinedRooms(pool, ALICE.uri).includes(ROOMS.incidentBridge.uri), 'Accept did not join the room at the pool');
    assert.equal((await ui('element', { selector: inRoom('#name:text-is("Incident Bridge")') })).count, 1, 'Accept in the view did not open the room');
    assert.ok((await ui('element', { selector: inRoom('#messages .msg') })).count >= 1, 'the accepted room opened without its history');

    await closeAllEditors();
    await clearNotifications();
    const second = pool.inviteUser(ALICE.uri, ROOMS.releaseTrain.uri, BOB);
    assert.ok(second);
    await waitFor(() => service.invitations.some((i) => i.id === second.id), 'the second invitation to arrive');
    await showNotificationsCenter();
    await ui('click', { selector: notificationButton('invited to the chat room "Release Train"', 'Accept') });
    await hideNotificationsCenter();
    await waitFor(() => rooms.model.find(ROOMS.releaseTrain.uri)?.state === 'Joined', 'the room accepted from the notification to be followed and joined');
    assert.equal((await ui('element', { selector: inRoom('#name:text-is("Release Train")') })).count, 1, 'Accept in the notification did not open the room');
    // The walkthrough ends in an open room: its last step has ticked.
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`, false);
    const done = await ui('element', { selector: '.getting-started-step[aria-checked="true"][data-step-id$="rooms"]', waitFor: 'attached' });
    assert.equal(done.count, 1, 'the walkthrough\'s last step ("Open a room") did not tick with a room open');
  });

  it('a room with 10,000 messages opens on its last page; Home in the message list loads the page before it', async () => {
    const room = ROOMS.releaseTrain;
    const start = historyCount(room.uri);
    for (let i = 1; i <= 10_000; i++) pool.chat.post(BOB, room.uri, `bulk #${i}. build ${i} is green`);
    assert.equal(historyCount(room.uri), start + 10_000);
    await follow(room);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', room);
    await ui('element', { selector: messageRow('bulk #10000.') });
    assert.equal((await ui('element', { selector: inRoom('#messages .msg') })).count, 100, 'the first page is not 100 messages');
    await ui('press', { selector: inRoom('#messages'), key: 'Home' });
    await ui('element', { selector: messageRow('bulk #9801.') });
    assert.equal((await ui('element', { selector: inRoom('#messages .msg') })).count, 200, 'scrolling up did not add one page');
    assert.equal((await ui('element', { selector: messageRow('bulk #9800.'), waitFor: 'none' })).count, 0, 'more than a page was loaded');
  });

  it('the room editor restores from the state its page saved (what VS Code hands the serializer after a reload)', async () => {
    await follow(COFFEE);
    const panel = vscode.window.createWebviewPanel('lyncPersistentChat.room', 'Coffee Corner', vscode.ViewColumn.Active, { enableScripts: true });
    await rooms.panels.deserializeWebviewPanel(panel, { roomUri: COFFEE.uri, name: 'Coffee Corner' });
    assert.ok(rooms.panels.get(COFFEE.uri), 'the restored editor is not tracked');
    const header = await ui('element', { selector: inRoom('#name') });
    assert.equal(header.text, 'Coffee Corner');
    assert.ok((await ui('element', { selector: inRoom('#messages .msg') })).count >= 1, 'the restored editor has no history');
    // State that is not a room link is refused (the editor is closed, nothing is joined).
    const bogus = vscode.window.createWebviewPanel('lyncPersistentChat.room', 'x', vscode.ViewColumn.Active, { enableScripts: true });
    await rooms.panels.deserializeWebviewPanel(bogus, { roomUri: 'javascript:alert(1)', name: 'x' });
    assert.deepEqual(rooms.panels.openRooms, [COFFEE.uri]);
    assert.equal((await ui('element', { selector: inRoom('body:has-text("could not be restored")') })).count, 1, 'the refused editor does not say why');
  });

  it('the room editor and the Rooms view follow the colour theme (screenshots dark and light)', async () => {
    const guild = ROOMS.architectureGuild;
    await follow(guild);
    await follow(COFFEE);
    pool.chat.post('sip:carol@contoso.com', guild.uri, 'Draft of RFC-031 is up: https://wiki.contoso.com/rfc/031 (partitioned topics, 12 partitions per tenant)');
    pool.chat.post(BOB, guild.uri, 'alice, can you review the consumer-group section before Thursday?');
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', guild);
    await ui('element', { selector: messageRow('consumer-group section') });
    pool.chat.post('sip:dave@contoso.com', COFFEE.uri, 'Fresh espresso beans on the 3rd floor');
    pool.chat.post('sip:erin@contoso.com', COFFEE.uri, 'Cake at 15:00, bring a plate');
    await waitFor(() => rooms.model.find(COFFEE.uri)?.unread === 2, 'two unread in Coffee Corner');
    await showRoomsView();
    await ui('element', { selector: `${roomRow('Coffee Corner')}:has-text("2 new")` });
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    try {
      assert.equal((await ui('element', { selector: inRoom('body.vscode-dark') })).count, 1, 'the page is not dark in the dark theme');
      await screenshot('room-editor-dark');
      await workbench.update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
      assert.equal((await ui('element', { selector: inRoom('body.vscode-light') })).count, 1, 'the page did not follow the light theme');
      await screenshot('room-editor-light');
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a post the server refuses stays in the box with the error and Retry; Retry sends it once', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: inRoom('#messages .msg') });
    const text = `Refused once, then sent ${Date.now()}`;
    pool.faults.nextResponse = { method: 'INFO', status: 500, reason: 'Server Internal Error' };
    await typeInto(inRoom('#compose'), text, 'Enter');
    const error = await ui('element', { selector: inRoom('#post-error') });
    assert.equal(error.count, 1, 'no error shown for the refused post');
    assert.match(error.text, /Not sent/);
    assert.match(error.text, /Retry/);
    assert.equal((await ui('element', { selector: messageRow(text), waitFor: 'none' })).count, 0, 'the refused post is shown as sent');
    await waitFor(() => service.status.phase === 'Connected' && rooms.model.find(COFFEE.uri)?.state === 'Joined' && true, 'the room to be joined again');
    await ui('element', { selector: inRoom('textarea#compose:not([disabled])') });
    await ui('click', { selector: inRoom('#retry') });
    assert.equal((await ui('element', { selector: messageRow(text) })).count, 1, 'Retry did not send the text left in the box');
    assert.equal((await ui('element', { selector: inRoom('#post-error'), waitFor: 'hidden' })).count, 1, 'the error element is gone');
  });

  it('Share Selection to Room posts the selected lines with the workspace-relative path and line range', async () => {
    await follow(COFFEE);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workbench has no folder');
    const file = vscode.Uri.joinPath(folder.uri, 'share-sample.ts');
    await vscode.workspace.fs.writeFile(file, Buffer.from('const a = 1;\nexport function answer(): number {\n  return 42;\n}\n'));
    const editor = await vscode.window.showTextDocument(file);
    editor.selection = new vscode.Selection(1, 0, 3, 1);
    void vscode.commands.executeCommand('lyncPersistentChat.shareToRoom');
    await ui('click', { selector: quickPickRow('Coffee Corner') });
    const confirm = await ui('element', { selector: quickPickRow('Share in Coffee Corner') });
    assert.match(confirm.text, /share-sample\.ts, lines 2-4/);
    // The first row is selected: Enter accepts it (a pointer would first meet the row's hover).
    await ui('press', { selector: QUICK_INPUT_BOX, key: 'Enter' });
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    const row = await ui('element', { selector: messageRow('share-sample.ts, lines 2-4:') });
    assert.equal(row.count, 1);
    assert.match(row.text, /export function answer\(\): number \{ return 42; \}/);
    await vscode.workspace.fs.delete(file);
  });

  it('Mute (context menu) hides a room\'s mentions from the badge and notifications; the Lync status bar item counts unread mentions and a click on it opens the room', async () => {
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'alice: status bar mention');
    await waitFor(() => rooms.model.find(COFFEE.uri)?.mentions === 1, 'the mention to be counted');
    const item = await ui('statusBarItem', { id: STATUS_ITEM_ID, waitForAriaLabel: '1 unread mention' });
    assert.ok(item.found && item.visible, 'the Lync status bar item does not show the unread mention');
    assert.equal(item.ariaLabel, 'Lync Persistent Chat: connected as alice@contoso.com, 1 unread mention');
    assert.deepEqual(item.icons, ['pass-filled', 'mention']);
    assert.match(item.text, /alice@contoso\.com 1$/);
    assert.match(await statusBarTooltip('Unread mentions'), /Unread mentions: 1 unread mention in Coffee Corner/);
    await ui('unhover', {});
    // The activity bar badge counts unread mentions plus pending invitations.
    const invitation = pool.inviteUser(ALICE.uri, ROOMS.releaseTrain.uri, BOB);
    assert.ok(invitation);
    await waitFor(() => service.invitations.some((i) => i.id === invitation.id), 'the invitation to arrive');
    const badge = await ui('element', { selector: `${activityBadge()}:has-text("2")` });
    assert.equal(badge.count, 1, 'the Lync activity bar badge is not 1 mention + 1 invitation');
    service.dismissInvitation(invitation.id);
    await showRoomsView();
    await roomContextAction('Coffee Corner', 'Mute Room Notifications');
    await waitFor(() => rooms.model.find(COFFEE.uri)?.muted, 'the room to be muted');
    await statusBarWithoutMentions('the status bar item to drop the muted room\'s mention');
    await clearNotifications();
    pool.chat.post(BOB, COFFEE.uri, 'alice: muted mention');
    await waitFor(() => rooms.model.find(COFFEE.uri)?.mentions === 2, 'the second mention to be counted');
    await roomContextAction('Coffee Corner', 'Unmute Room Notifications');
    await waitFor(() => rooms.model.find(COFFEE.uri)?.muted === false, 'the room to be unmuted');
    pool.chat.post(BOB, COFFEE.uri, 'alice: unmuted mention');
    await showNotificationsCenter();
    assert.equal((await ui('element', { selector: notification('unmuted mention') })).count, 1);
    assert.equal((await ui('element', { selector: notification('alice: muted mention'), waitFor: 'none' })).count, 0, 'a muted room raised a notification');
    await hideNotificationsCenter();
    // A click on the status bar item (one room with mentions) opens that room, which marks them read.
    await ui('statusBarItem', { id: STATUS_ITEM_ID, waitForAriaLabel: '3 unread mentions' });
    await ui('click', { selector: STATUS_ITEM });
    assert.equal((await ui('element', { selector: inRoom('#name:text-is("Coffee Corner")') })).count, 1, 'the status bar item did not open the room with the mentions');
    await waitFor(() => rooms.model.find(COFFEE.uri)?.mentions === 0, 'opening the room to clear its mentions');
    await statusBarWithoutMentions('the status bar item to drop the read mentions');
  });

  it('while reconnecting the compose box is disabled and says why; it is enabled again once the room is re-joined', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: inRoom('textarea#compose:not([disabled])') });
    const recorder = new PhaseRecorder(service);
    try {
      // The first attempt is refused, so Reconnecting lasts at least one backoff (1-2 s).
      pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable' });
      pool.resetConnections(ALICE.uri);
      await recorder.until('Reconnecting');
      const reason = await ui('element', { selector: inRoom('footer:has(textarea#compose[disabled]) #compose-reason:has-text("Reconnecting")') });
      assert.equal(reason.count, 1, `the compose box gave no reason while ${service.status.phase}`);
      await recorder.until('Connected', 30_000);
      await ui('element', { selector: inRoom('textarea#compose:not([disabled])') });
      assert.equal((await ui('element', { selector: inRoom('#compose-reason'), waitFor: 'hidden' })).visible, false, 'the reason stayed after reconnecting');
    } finally {
      recorder.dispose();
    }
  });

  it('a room the user was removed from shows "No access" and one that was deleted "Room removed", in the Rooms view and in its open editor (compose disabled with the reason); screenshot of the Rooms view', async () => {
    const guild = ROOMS.architectureGuild;
    const build = BUILD_NOTIFICATIONS;
    await follow(guild);
    await follow(COFFEE);
    await follow(build);
    await follow(ROOMS.releaseTrain);
    await showRoomsView();
    await ui('click', { selector: roomRow(guild.name) });
    await ui('element', { selector: inRoom('textarea#compose:not([disabled])') });

    // Removed from the room (a closed room): NoAccess.
    assert.equal(pool.removeFromRoom(ALICE.uri, guild.uri), 1, 'alice had no joined session in the guild room');
    await waitFor(() => rooms.model.find(guild.uri)?.state === 'NoAccess', 'the guild room to be NoAccess', 10_000, () => JSON.stringify(rooms.model.find(guild.uri)));
    const denied = await ui('element', { selector: `${roomRow(guild.name)}:has-text("no access")` });
    assert.equal(denied.count, 1, 'the Rooms view does not say "no access"');
    assert.match(denied.ariaLabel, /No access/);
    assert.equal((await ui('element', { selector: `${roomRow(guild.name)} .codicon-lock` })).count, 1, 'a no-access room has no lock icon');
    assert.match(await rowTooltip(guild.name, 'No access'), /No access \(You are not a member/);
    await ui('unhover', {});
    const reason = await ui('element', { selector: inRoom('footer:has(textarea#compose[disabled]) #compose-reason:has-text("no access")') });
    assert.equal(reason.count, 1, 'the open editor of a no-access room does not disable the compose box with the reason');

    // Deleted on the server: Gone.
    await ui('click', { selector: roomRow(build.name) });
    await ui('element', { selector: inRoom(`#name:text-is(${JSON.stringify(build.name)})`) });
    await ui('element', { selector: inRoom('textarea#compose:not([disabled])') });
    assert.equal(pool.deleteRoom(build.uri), 1, 'alice had no joined session in the deleted room');
    await waitFor(() => rooms.model.find(build.uri)?.state === 'Gone', 'the deleted room to be Gone', 10_000, () => JSON.stringify(rooms.model.find(build.uri)));
    const gone = await ui('element', { selector: `${roomRow(build.name)}:has-text("room removed")` });
    assert.equal(gone.count, 1, 'the Rooms view does not say "room removed"');
    assert.equal((await ui('element', { selector: `${roomRow(build.name)} .codicon-trash` })).count, 1, 'a removed room has no trash icon');
    const goneReason = await ui('element', { selector: inRoom('footer:has(textarea#compose[disabled]) #compose-reason:has-text("no longer exists")') });
    assert.equal(goneReason.count, 1, 'the open editor of a deleted room does not disable the compose box with the reason');

    // The README's picture of the Rooms view: unread and mention markers beside the no-access and removed rooms.
    await closeAllEditors();
    pool.chat.post('sip:dave@contoso.com', COFFEE.uri, 'Fresh espresso beans on the 3rd floor');
    pool.chat.post('sip:erin@contoso.com', COFFEE.uri, 'alice, there is cake for you at 15:00');
    await waitFor(() => rooms.model.find(COFFEE.uri)?.unread === 2 && rooms.model.find(COFFEE.uri)?.mentions === 1, 'two unread and a mention in Coffee Corner');
    await showRoomsView();
    await ui('element', { selector: `${roomRow('Coffee Corner')}:has-text("@1")` });
    await screenshot('rooms-view', await roomsViewBox());

    // Re-invited to the guild: the invitation is the way back in. It is listed, Accept (clicked in the
    // Invitations view) joins the room again, and the room leaves NoAccess with its history.
    pool.chat.post('sip:carol@contoso.com', guild.uri, 'Welcome back to the guild, alice');
    const invitation = pool.inviteUser(ALICE.uri, guild.uri, 'sip:carol@contoso.com');
    assert.ok(invitation, 'the guild room sends no invitations');
    await waitFor(() => service.invitations.some((i) => i.id === invitation.id), 'the re-invitation to the guild to be listed', 10_000, () => JSON.stringify(service.invitations.map((i) => [i.id, i.room.name])));
    await showInvitationsView();
    await ui('click', { hoverFirst: invitationRow(guild.name), selector: invitationAction(guild.name, 'Accept Invitation') });
    await waitFor(() => rooms.model.find(guild.uri)?.state === 'Joined', 'the guild room to be Joined again', 10_000, () => JSON.stringify(rooms.model.find(guild.uri)));
    await waitFor(() => !service.invitations.some((i) => i.id === invitation.id), 'the accepted invitation to leave the pending list');
    await showRoomsView();
    await ui('element', { selector: `${roomRow(guild.name)}:not(:has-text("no access"))` });
    await ui('click', { selector: roomRow(guild.name) });
    await ui('element', { selector: inRoom(`#name:text-is(${JSON.stringify(guild.name)})`) });
    assert.equal((await ui('element', { selector: messageRow('Welcome back to the guild, alice') })).count, 1, 'the re-joined room does not show its history');
    assert.equal((await ui('element', { selector: inRoom('textarea#compose:not([disabled])') })).count, 1, 'the re-joined room\'s compose box is not enabled');
  });

  it('with messageNotifications "all" a plain message (no mention) raises a notification with Open Room', async () => {
    await vscode.workspace.getConfiguration(SECTION).update('messageNotifications', 'all', vscode.ConfigurationTarget.Global);
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'Plain news: the kitchen is being painted');
    await showNotificationsCenter();
    const entry = await ui('element', { selector: notification('the kitchen is being painted') });
    assert.equal(entry.count, 1, 'a plain message raised no notification with "all"');
    assert.match(entry.text, /bob@contoso\.com in "Coffee Corner"|bob.* in "Coffee Corner"/);
    assert.doesNotMatch(entry.text, /mentioned you/);
    await ui('click', { selector: notificationButton('the kitchen is being painted', 'Open Room') });
    await hideNotificationsCenter();
    assert.equal((await ui('element', { selector: messageRow('the kitchen is being painted') })).count, 1, 'Open Room did not open the room');
  });

  it('in the Default High Contrast theme the room editor stays readable: theme colours, contrast borders, a visible focus outline (screenshot)', async () => {
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'alice, high-contrast check: https://example.com/hc');
    await showRoomsView();
    await ui('click', { selector: roomRow('Coffee Corner') });
    await ui('element', { selector: messageRow('high-contrast check') });
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('colorTheme', 'Default High Contrast', vscode.ConfigurationTarget.Global);
    try {
      assert.equal((await ui('element', { selector: inRoom('body.vscode-high-contrast') })).count, 1, 'the page did not follow the high-contrast theme');
      for (const selector of ['#name', '#messages .msg.mention', '#messages a.link', 'textarea#compose', '#send']) {
        const element = await ui('element', { selector: inRoom(selector) });
        assert.ok(element.count >= 1 && element.visible, `${selector} is not visible in high contrast`);
      }
      // Colours come from the theme: the body's text is the theme's foreground, which high contrast makes white on black.
      const body = await ui('style', { selector: inRoom('body'), properties: ['color', 'background-color'] }) as StyleResult;
      assert.equal(body.values.color, 'rgb(255, 255, 255)', `the text is ${body.values.color}`);
      assert.equal(body.values['background-color'], 'rgb(0, 0, 0)', `the background is ${body.values['background-color']}`);
      // The compose box has the theme's contrast border; focused, it draws the focus outline.
      await ui('click', { selector: inRoom('textarea#compose') });
      const focused = await ui('style', { selector: inRoom('textarea#compose'), properties: ['outline-style', 'outline-width', 'outline-color', 'border-top-style', 'border-top-color'] }) as StyleResult;
      assert.ok(focused.focused, 'the compose box did not take the focus');
      assert.notEqual(focused.values['outline-style'], 'none', 'the focused compose box has no outline');
      assert.notEqual(focused.values['outline-width'], '0px', 'the focused compose box has a zero-width outline');
      assert.notEqual(focused.values['outline-color'], 'rgba(0, 0, 0, 0)', 'the focus outline is transparent');
      assert.notEqual(focused.values['border-top-color'], 'rgba(0, 0, 0, 0)', 'the compose box has no visible border in high contrast');
      await screenshot('room-editor-high-contrast');
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
