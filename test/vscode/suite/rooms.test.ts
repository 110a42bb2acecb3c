import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { Lync, SECTION } from './helpers/lync';
import { ALICE, joinedRooms, ROOMS } from './helpers/pool';
import { closeAllEditors, inRoom, layoutBox, roomEditorTabs, ROOMS_HEADER, roomsTitleAction, messageRow, QUICK_INPUT_BOX, quickPickRow, roomAction, roomContextAction, roomRow, roomsViewBox, showRoomsView, typeInto } from './helpers/rooms';
import { clearNotifications, hideNotificationsCenter, invitationAction, invitationRow, notification, notificationButton, screenshot, showInvitationsView, showNotificationsCenter, STATUS_ITEM, STATUS_ITEM_ID, statusBarTooltip } from './helpers/workbench';
import { waitFor } from './helpers/wait';
import { EXTENSION_ID } from './helpers/ids';
import { ui } from './ui';
import { activityBadge, BOB, BUILD_NOTIFICATIONS, COFFEE, roomsFixture } from './helpers/roomsFixture';

describe('Rooms: the Rooms view, Browse Rooms and room notifications against the simulated pool', () => {
  const { context, follow, statusBarWithoutMentions, rowTooltip, historyCount } = roomsFixture();
  let pool: SimulatedLyncPool;
  let service: Lync;
  before(() => ({ pool, service } = context));

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
    assert.match(live.text, /bob/i, 'the author: Bob Brown, the name from the pool, or bob@contoso.com until that is known');
    assert.equal(service.room(COFFEE.uri)?.unread, 0, 'a message read in the open room counts as unread');

    await closeAllEditors();
    pool.chat.post(BOB, COFFEE.uri, 'Second cake, level 5');
    await waitFor(() => service.room(COFFEE.uri)?.unread === 1, 'the unread count to reach 1', 10_000, () => `${service.room(COFFEE.uri)?.unread}`);
    await showRoomsView();
    const row = await ui('element', { selector: `${roomRow('Coffee Corner')}:has-text("1 new")` });
    assert.equal(row.count, 1, 'the Rooms view shows "1 new"');
    assert.match(row.ariaLabel, /1 unread/);

    // Opening it (a click on the row, as a user would) marks it read.
    await ui('click', { selector: roomRow('Coffee Corner') });
    await ui('element', { selector: messageRow('Second cake, level 5') });
    await waitFor(() => service.room(COFFEE.uri)?.unread === 0, 'opening the room to mark it read');
  });

  it('a mention raises a notification with Open Room, which opens the room', async () => {
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'alice, can you bring the cake knife?');
    await waitFor(() => service.room(COFFEE.uri)?.mentions === 1, 'the mention to be counted', 10_000, () => JSON.stringify(service.room(COFFEE.uri)));
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
    await waitFor(() => service.room(COFFEE.uri)?.mentions === 0, 'opening the room to clear the mention');
  });

  it('with messageNotifications "off" a mention raises no notification', async () => {
    await vscode.workspace.getConfiguration(SECTION).update('messageNotifications', 'off', vscode.ConfigurationTarget.Global);
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'alice: quiet mention');
    await waitFor(() => service.room(COFFEE.uri)?.mentions === 1, 'the mention to be counted');
    await vscode.workspace.getConfiguration(SECTION).update('messageNotifications', 'mentions', vscode.ConfigurationTarget.Global);
    pool.chat.post(BOB, COFFEE.uri, 'alice: loud mention');
    await showNotificationsCenter();
    assert.equal((await ui('element', { selector: notification('loud mention') })).count, 1, 'the mention after the setting went back was not notified');
    assert.equal((await ui('element', { selector: notification('quiet mention'), waitFor: 'none' })).count, 0, 'a mention was notified while notifications were off');
    await hideNotificationsCenter();
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
    await waitFor(() => roomEditorTabs().length === 0, 'the room editor to close', 10_000, () => `open: ${roomEditorTabs().map((tab) => tab.label).join(', ')}`);
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
    await waitFor(() => service.room(ROOMS.incidentBridge.uri), 'the accepted room to be followed');
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
    await waitFor(() => service.room(ROOMS.releaseTrain.uri)?.state === 'Joined', 'the room accepted from the notification to be followed and joined');
    assert.equal((await ui('element', { selector: inRoom('#name:text-is("Release Train")') })).count, 1, 'Accept in the notification did not open the room');
    // The walkthrough ends in an open room: its last step has ticked.
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`, false);
    const done = await ui('element', { selector: '.getting-started-step[aria-checked="true"][data-step-id$="rooms"]', waitFor: 'attached' });
    assert.equal(done.count, 1, 'the walkthrough\'s last step ("Open a room") did not tick with a room open');
  });

  it('Mute (context menu) hides a room\'s mentions from the badge and notifications; the Lync status bar item counts unread mentions and a click on it opens the room', async () => {
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'alice: status bar mention');
    await waitFor(() => service.room(COFFEE.uri)?.mentions === 1, 'the mention to be counted');
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
    await waitFor(() => service.room(COFFEE.uri)?.muted, 'the room to be muted');
    await statusBarWithoutMentions('the status bar item to drop the muted room\'s mention');
    await clearNotifications();
    pool.chat.post(BOB, COFFEE.uri, 'alice: muted mention');
    await waitFor(() => service.room(COFFEE.uri)?.mentions === 2, 'the second mention to be counted');
    await roomContextAction('Coffee Corner', 'Unmute Room Notifications');
    await waitFor(() => service.room(COFFEE.uri)?.muted === false, 'the room to be unmuted');
    pool.chat.post(BOB, COFFEE.uri, 'alice: unmuted mention');
    await showNotificationsCenter();
    assert.equal((await ui('element', { selector: notification('unmuted mention') })).count, 1);
    assert.equal((await ui('element', { selector: notification('alice: muted mention'), waitFor: 'none' })).count, 0, 'a muted room raised a notification');
    await hideNotificationsCenter();
    // A click on the status bar item (one room with mentions) opens that room, which marks them read.
    await ui('statusBarItem', { id: STATUS_ITEM_ID, waitForAriaLabel: '3 unread mentions' });
    await ui('click', { selector: STATUS_ITEM });
    assert.equal((await ui('element', { selector: inRoom('#name:text-is("Coffee Corner")') })).count, 1, 'the status bar item did not open the room with the mentions');
    await waitFor(() => service.room(COFFEE.uri)?.mentions === 0, 'opening the room to clear its mentions');
    await statusBarWithoutMentions('the status bar item to drop the read mentions');
  });

  it('in an auditorium room alice types a message and presses Enter, the server refuses it, and the compose box is replaced where it was by a line saying she can read but not post and whom to ask (screenshot)', async () => {
    const build = BUILD_NOTIFICATIONS;
    const before = historyCount(build.uri);
    await follow(build);
    await showRoomsView();
    await ui('click', { selector: roomRow(build.name) });
    const compose = inRoom('textarea#compose:not([disabled])');
    await ui('element', { selector: compose });
    const boxBefore = await layoutBox(compose);
    const footerBefore = await layoutBox(inRoom('footer'));
    await typeInto(compose, 'Is the nightly build green?', 'Enter');
    const line = await ui('element', { selector: inRoom('footer.read-only #compose-reason:has-text("The server refused your post")') });
    assert.equal(line.count, 1, 'the room editor does not say the server refused the post');
    assert.match(line.text, /you can read this room but not post in it\. Ask a room manager for the right to post\./);
    assert.equal((await ui('element', { selector: inRoom('textarea#compose'), waitFor: 'hidden' })).visible, false, 'the compose box is still shown in a read-only room');
    assert.equal((await ui('element', { selector: inRoom('#send'), waitFor: 'hidden' })).visible, false, 'the Send button is still shown in a read-only room');
    const lineBox = await layoutBox(inRoom('#compose-reason'));
    assert.ok(boxBefore.found && footerBefore.found && lineBox.found && lineBox.height > 0 && lineBox.width > 0, 'the line is not laid out');
    assert.ok(Math.abs(lineBox.x - boxBefore.x) <= 2 && lineBox.y >= boxBefore.y - 1 && lineBox.y + lineBox.height <= footerBefore.y + footerBefore.height + 1,
      `the line is not where the compose box was: ${JSON.stringify({ lineBox, boxBefore, footerBefore })}`);
    assert.equal(historyCount(build.uri), before, 'the refused post was stored in the auditorium');
    await screenshot('room-editor-auditorium');
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
    await waitFor(() => service.room(guild.uri)?.state === 'NoAccess', 'the guild room to be NoAccess', 10_000, () => JSON.stringify(service.room(guild.uri)));
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
    // Joined (the auditorium has refused no post of alice's this session): the compose box is enabled.
    await ui('element', { selector: inRoom('textarea#compose:not([disabled])') });
    assert.equal(pool.deleteRoom(build.uri), 1, 'alice had no joined session in the deleted room');
    await waitFor(() => service.room(build.uri)?.state === 'Gone', 'the deleted room to be Gone', 10_000, () => JSON.stringify(service.room(build.uri)));
    const gone = await ui('element', { selector: `${roomRow(build.name)}:has-text("room removed")` });
    assert.equal(gone.count, 1, 'the Rooms view does not say "room removed"');
    assert.equal((await ui('element', { selector: `${roomRow(build.name)} .codicon-trash` })).count, 1, 'a removed room has no trash icon');
    const goneReason = await ui('element', { selector: inRoom('footer:has(textarea#compose[disabled]) #compose-reason:has-text("no longer exists")') });
    assert.equal(goneReason.count, 1, 'the open editor of a deleted room does not disable the compose box with the reason');

    // The README's picture of the Rooms view: unread and mention markers beside the no-access and removed rooms.
    await closeAllEditors();
    pool.chat.post('sip:dave@contoso.com', COFFEE.uri, 'Fresh espresso beans on the 3rd floor');
    pool.chat.post('sip:erin@contoso.com', COFFEE.uri, 'alice, there is cake for you at 15:00');
    await waitFor(() => service.room(COFFEE.uri)?.unread === 2 && service.room(COFFEE.uri)?.mentions === 1, 'two unread and a mention in Coffee Corner');
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
    await waitFor(() => service.room(guild.uri)?.state === 'Joined', 'the guild room to be Joined again', 10_000, () => JSON.stringify(service.room(guild.uri)));
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
});
