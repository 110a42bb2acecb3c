import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { cleanUp, configureForPool, Lync, lyncService, setUserSetting, signInAsAlice } from './helpers/lync';
import { invitationNotificationsFlushed, receivedInvitations } from './helpers/notices';
import { ALICE, joinedRooms, ROOMS, sharedPool } from './helpers/pool';
import { clearNotifications, hideNotificationsCenter, invitationAction, invitationRow, notification, notificationButton, screenshot, showInvitationsView, showNotificationsCenter, statusBarItem } from './helpers/workbench';
import { waitFor } from './helpers/wait';
import { requireUi, ui } from './ui';

const BOB = 'sip:bob@contoso.com';

describe('Room invitations pushed by the simulated pool: notification, tree, Accept and Dismiss', () => {
  let pool: SimulatedLyncPool;
  let service: Lync;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
  });

  beforeEach(async function () {
    requireUi(this);
    await configureForPool(pool);
    await signInAsAlice(service);
    // Invitations still pending from the catalogue or an earlier test arrive with the sign-in and
    // open a notification batch of their own. Dismiss them and wait until that batch is flushed
    // (whatever it shows, or nothing), then clear: each test starts with no batch open and sees
    // only its own invitations' notifications.
    for (const invitation of service.invitations) service.dismissInvitation(invitation.id);
    await invitationNotificationsFlushed();
    await clearNotifications();
    receivedInvitations();
  });

  afterEach(async () => {
    if (!service) return;
    for (const invitation of service.invitations) service.dismissInvitation(invitation.id);
    await cleanUp(service, pool);
    await ui('unhover', {}).catch(() => undefined);
  });

  /** Pushes an invitation from bob and waits until the extension has it. */
  async function invite(room: { uri: string; name: string }): Promise<number> {
    const view = pool.inviteUser(ALICE.uri, room.uri, BOB);
    assert.ok(view, `the pool issued no invitation to ${room.name}`);
    await waitFor(() => service.invitations.some((i) => i.id === view.id), `invitation ${view.id} to reach the extension`);
    return view.id;
  }

  it('an invitation pushed by the pool appears as a notification with Accept / Dismiss / Show and in the Invitations tree', async () => {
    await invite(ROOMS.incidentBridge);
    await showNotificationsCenter();
    const entry = await ui('element', { selector: notification('invited to the chat room "Incident Bridge" by bob@contoso.com') });
    assert.equal(entry.count, 1, 'one notification for the invitation');
    for (const button of ['Accept', 'Dismiss', 'Show']) assert.ok(entry.text.includes(button), `no ${button} button in "${entry.text}"`);
    await screenshot('invitation-notification');
    await hideNotificationsCenter();

    await showInvitationsView();
    const row = await ui('element', { selector: invitationRow(ROOMS.incidentBridge.name) });
    assert.equal(row.count, 1, 'one row for the invitation');
    assert.match(row.text, /Incident Bridge/);
    assert.match(row.text, /from bob@contoso\.com · just now/);
    assert.equal(row.ariaLabel, 'Invitation to Incident Bridge from bob@contoso.com');
    const item = await statusBarItem(`${ALICE.display} 1`);
    assert.equal(item.text, `Lync: ${ALICE.display} 1`, 'the status bar counts the pending invitation');

    // The tooltip carries the room's description; a second invitation makes the picture.
    await invite(ROOMS.releaseTrain);
    // The tree re-renders for the new invitation: hover only once the page shows it, or the
    // re-render replaces the hovered row and its tooltip closes.
    assert.equal((await ui('element', { selector: invitationRow(ROOMS.releaseTrain.name) })).count, 1, 'the second invitation is in the tree');
    await vscode.commands.executeCommand('workbench.action.focusSideBar');
    // With the side bar focused this widens it (the editor is what gets "decreased").
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    const { tooltip } = await ui('hover', { selector: invitationRow(ROOMS.incidentBridge.name), tooltip: true, waitForText: 'Live incident coordination' });
    assert.match(tooltip, /Incident Bridge/);
    assert.match(tooltip, /Live incident coordination for on-call engineers/);
    assert.match(tooltip, /by bob@contoso\.com/);
    await screenshot('invitations-tree');
  });

  it('the inline Accept button in the tree joins the room at the pool and removes the invitation', async () => {
    const id = await invite(ROOMS.incidentBridge);
    await showInvitationsView();
    await ui('click', { hoverFirst: invitationRow(ROOMS.incidentBridge.name), selector: invitationAction(ROOMS.incidentBridge.name, 'Accept Invitation') });
    await waitFor(() => joinedRooms(pool, ALICE.uri).includes(ROOMS.incidentBridge.uri), 'alice to join Incident Bridge at the pool', 10_000, () => JSON.stringify(pool.chatSessions()));
    await waitFor(() => !service.invitations.some((i) => i.id === id), 'the accepted invitation to leave the pending list');
    const row = await ui('element', { selector: invitationRow(ROOMS.incidentBridge.name), waitFor: 'hidden' });
    assert.equal(row.count, 0, 'the accepted invitation is still in the tree');
  });

  it('the inline Dismiss button removes the invitation without joining, and it does not come back after reconnecting', async () => {
    const id = await invite(ROOMS.releaseTrain);
    await showInvitationsView();
    await ui('click', { hoverFirst: invitationRow(ROOMS.releaseTrain.name), selector: invitationAction(ROOMS.releaseTrain.name, 'Dismiss Invitation') });
    await waitFor(() => !service.invitations.some((i) => i.id === id), 'the dismissed invitation to leave the pending list');
    const row = await ui('element', { selector: invitationRow(ROOMS.releaseTrain.name), waitFor: 'hidden' });
    assert.equal(row.count, 0, 'the dismissed invitation is still in the tree');
    assert.equal(joinedRooms(pool, ALICE.uri).includes(ROOMS.releaseTrain.uri), false, 'dismissing joined the room');

    await service.disconnect();
    await service.connect(false);
    assert.equal(service.status.phase, 'Connected');
    assert.deepEqual(service.invitations.filter((i) => i.id === id), [], 'the dismissed invitation came back');
  });

  it('Accept on the notification joins the room at the pool', async () => {
    const id = await invite(ROOMS.incidentBridge);
    // The single notification (with Accept) needs this invitation to be alone in its batch: no
    // other invitation has arrived since beforeEach flushed the last batch.
    assert.deepEqual(receivedInvitations().map((r) => r.invitation.id), [id], 'invitations received in this test');
    await showNotificationsCenter();
    const single = 'invited to the chat room "Incident Bridge"';
    const entry = await ui('element', { selector: notification(single) }).catch(() => ({ count: 0 }));
    if (entry.count !== 1) {
      const center = await ui('element', { selector: '.notifications-center .notification-list-item', waitFor: 'none' });
      assert.fail(`expected the invitation's own notification; the center holds ${center.count}: ${center.text}`);
    }
    await ui('click', { selector: notificationButton(single, 'Accept') });
    await waitFor(() => joinedRooms(pool, ALICE.uri).includes(ROOMS.incidentBridge.uri), 'alice to join Incident Bridge at the pool');
    await waitFor(() => !service.invitations.some((i) => i.id === id), 'the accepted invitation to leave the pending list');
  });

  it('with notifications "off" an invitation raises no notification but still appears in the tree', async () => {
    await setUserSetting('notifications', 'off');
    await invite(ROOMS.releaseTrain);
    await setUserSetting('notifications', 'all');
    // A later invitation is notified; had the first one been, it would have come with or before it.
    await invite(ROOMS.incidentBridge);
    await showNotificationsCenter();
    const later = await ui('element', { selector: notification('"Incident Bridge"') });
    assert.equal(later.count, 1, 'the invitation after the setting went back to "all" is notified');
    const quiet = await ui('element', { selector: notification('Release Train'), waitFor: 'none' });
    assert.equal(quiet.count, 0, 'an invitation was notified while notifications were off');
    await hideNotificationsCenter();
    await showInvitationsView();
    const row = await ui('element', { selector: invitationRow(ROOMS.releaseTrain.name) });
    assert.equal(row.count, 1, 'the quiet invitation is in the tree');
  });

  it('several invitations arriving together raise one summary notification, not one each', async () => {
    for (const room of [ROOMS.incidentBridge, ROOMS.releaseTrain, ROOMS.architectureGuild]) pool.inviteUser(ALICE.uri, room.uri, BOB);
    await waitFor(() => service.invitations.length === 3, 'three pending invitations', 10_000, () => `${service.invitations.length}`);
    await showNotificationsCenter();
    const summary = await ui('element', { selector: notification('3 new room invitations') });
    assert.equal(summary.count, 1);
    const single = await ui('element', { selector: notification('you were invited to the chat room'), waitFor: 'none' });
    assert.equal(single.count, 0, 'single notifications were shown as well as the summary');
  });
});
