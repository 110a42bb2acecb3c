/**
 * What users hit in the extension (issue 12), each clicked where a person would: the error's
 * settings button opens the tab the setting lives on, a server just typed in that cannot be reached
 * says so once, invitations stay listed while reconnecting and stale actions get an answer, and
 * the settings/palette/walkthrough/feedback polish.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { cleanUp, configureForPool, Lync, describeStatus, EXTENSION_ID, lyncService, PhaseRecorder, ScriptedPrompter, signInAsAlice, waitForPhase } from './helpers/lync';
import { ALICE, clearFaults, ROOMS, sharedPool } from './helpers/pool';
import { closedPort } from './helpers/ports';
import { messageRow, roomContextAction, roomRow, showRoomsView } from './helpers/rooms';
import { COFFEE, roomsFixture } from './helpers/roomsFixture';
import { waitFor } from './helpers/wait';
import { clearNotifications, hideNotificationsCenter, invitationAction, invitationRow, notification, notificationButton, showInvitationsView, showNotificationsCenter, STATUS_ITEM, statusBarItem, statusBarTooltip } from './helpers/workbench';
import { requireUi, ui } from './ui';

const BOB = 'sip:bob@contoso.com';
const SETTINGS_EDITOR = '.settings-editor';

/** Texts of the notifications in the center whose text contains `text`. */
async function notificationsWith(text: string): Promise<number> {
  await showNotificationsCenter();
  const found = await ui('element', { selector: notification(text), waitFor: 'none' });
  return found.count;
}

/**
 * Signs in as alice and clears the invitations pending from the catalogue or earlier tests after
 * their notification landed (it comes ~1.5 s after sign-in), so a test sees only its own.
 */
async function signInClean(service: Lync): Promise<void> {
  await signInAsAlice(service);
  const pending = service.invitations;
  if (pending.length) {
    await showNotificationsCenter();
    await ui('element', { selector: notification(pending.length === 1 ? `"${pending[0].room.name}"` : `${pending.length} new room invitations`) });
    for (const invitation of pending) service.dismissInvitation(invitation.id);
  }
  await clearNotifications();
}

describe('What users hit: settings tabs, first failures, invitations while reconnecting, polish', function () {
  // Reconnects, backoff and the settings editor: longer than the suite's default under load.
  this.timeout(120_000);
  let pool: SimulatedLyncPool;
  let service: Lync;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
  });

  beforeEach(async function () {
    requireUi(this);
    await clearNotifications();
  });

  afterEach(async () => {
    if (!service) return;
    clearFaults(pool);
    for (const invitation of service.invitationsLive ? service.invitations : []) service.dismissInvitation(invitation.id);
    await cleanUp(service, pool);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await ui('unhover', {}).catch(() => undefined);
  });

  it('the certificate error\'s "CA File Setting" button opens the Settings editor on the tab where caFile is read, showing the setting', async () => {
    await configureForPool(pool, { caFile: '' });
    service.prompter = new ScriptedPrompter(ALICE.password);
    await vscode.commands.executeCommand('lyncPersistentChat.signIn');
    await waitForPhase(service, 'Error');
    const text = 'certificate is not trusted';
    assert.equal(await notificationsWith(text), 1, 'one certificate error notification');
    await ui('click', { selector: notificationButton(text, 'CA File Setting') });
    await ui('element', { selector: SETTINGS_EDITOR });
    const tab = await ui('element', { selector: `${SETTINGS_EDITOR} .settings-tabs-widget .action-label.checked` });
    assert.equal(tab.text.split(' ')[0], vscode.env.remoteName ? 'Remote' : 'User', `the settings editor opened on the "${tab.text}" tab`);
    const row = await ui('element', { selector: `${SETTINGS_EDITOR} .setting-item-contents:has-text("CA File")` });
    assert.equal(row.count, 1, 'the CA File setting is not shown where the button took the user');
    const none = await ui('element', { selector: `${SETTINGS_EDITOR} .no-results-message:visible`, waitFor: 'none' });
    assert.equal(none.count, 0, `the settings editor says: ${none.text}`);
  });

  it('a server just typed in that cannot be reached: the first failure after Connect shows an error with Open Settings and Show Log, the retries that follow stay quiet', async () => {
    await configureForPool(pool, { server: `127.0.0.1:${await closedPort()}` });
    service.prompter = new ScriptedPrompter(ALICE.password);
    const phases = new PhaseRecorder(service);
    try {
      assert.equal(describeStatus(service.status), 'Disconnected');
      await statusBarItem('Lync');
      await ui('click', { selector: STATUS_ITEM }); // Disconnected: the item's click is Connect
      await phases.until('Reconnecting');
      const text = 'cannot reach the server';
      await ui('element', { selector: notification(text), timeoutMs: 15_000 }).catch(() => undefined);
      await showNotificationsCenter();
      const entry = await ui('element', { selector: notification(text) });
      assert.equal(entry.count, 1, 'one error notification for the failed Connect');
      for (const button of ['Open Settings', 'Show Log']) {
        assert.equal((await ui('element', { selector: notificationButton(text, button), waitFor: 'none' })).count, 1, `no ${button} button in "${entry.text}"`);
      }
      // The next silent attempt fails too, and adds no notification.
      await waitFor(() => phases.statuses.filter((s) => s.phase === 'Reconnecting').length >= 2, 'a second failed attempt', 30_000, () => phases.phases.join(' → '));
      assert.equal(await notificationsWith(text), 1, 'a background retry raised another notification');
      await ui('click', { selector: notificationButton(text, 'Open Settings') });
      const row = await ui('element', { selector: `${SETTINGS_EDITOR} .setting-item-contents:has-text("Server")` });
      assert.ok(row.count >= 1, 'Open Settings did not show the Server setting');
    } finally {
      phases.dispose();
    }
  });

  it('while reconnecting the Invitations view keeps the invitation (without Accept/Dismiss), and Accept on its notification says it must wait; once handled, a stale Accept says so', async () => {
    await configureForPool(pool);
    await signInClean(service);
    const view = pool.inviteUser(ALICE.uri, ROOMS.incidentBridge.uri, BOB);
    assert.ok(view);
    await waitFor(() => service.invitations.some((i) => i.id === view.id), 'the invitation to reach the extension');
    await showNotificationsCenter();
    await ui('element', { selector: notification('"Incident Bridge"') });
    await hideNotificationsCenter();

    // Drop the connection and hold the reconnect (the pool answers nothing for a while).
    const phases = new PhaseRecorder(service);
    try {
      pool.stall(120);
      assert.ok(pool.resetConnections(ALICE.uri) >= 1);
      await phases.until('Reconnecting');
      await showInvitationsView();
      const row = await ui('element', { selector: invitationRow(ROOMS.incidentBridge.name) });
      assert.equal(row.count, 1, 'the invitation vanished while reconnecting');
      assert.match(row.ariaLabel, /waiting for the connection/);
      await ui('hover', { selector: invitationRow(ROOMS.incidentBridge.name) });
      const accept = await ui('element', { selector: invitationAction(ROOMS.incidentBridge.name, 'Accept Invitation'), waitFor: 'none' });
      assert.equal(accept.count, 0, 'Accept is offered while not connected');

      await showNotificationsCenter();
      await ui('click', { selector: notificationButton('invited to the chat room "Incident Bridge"', 'Accept') });
      await showNotificationsCenter();
      const answer = await ui('element', { selector: notification('cannot be accepted yet') });
      assert.equal(answer.count, 1, 'no clear answer to Accept while reconnecting');
      assert.match(answer.text, /stays in the Invitations view/);
    } finally {
      clearFaults(pool);
      phases.dispose();
    }
    pool.resetConnections(ALICE.uri); // the stalled attempt's connection: start afresh
    await waitForPhase(service, 'Connected', 60_000);
    await clearNotifications();
    await showInvitationsView();
    await ui('hover', { selector: invitationRow(ROOMS.incidentBridge.name) });
    await ui('click', { selector: invitationAction(ROOMS.incidentBridge.name, 'Dismiss Invitation') });
    await waitFor(() => !service.invitations.some((i) => i.id === view.id), 'the dismissed invitation to leave the list');
    const feedback = await ui('element', { selector: '[id="workbench.parts.statusbar"] :text("dismissed the invitation to Incident Bridge")' });
    assert.equal(feedback.count, 1, 'Dismiss gave no feedback');
    // A stale Accept (e.g. from an old notification) after the invitation was dismissed.
    await vscode.commands.executeCommand('lyncPersistentChat.acceptInvitation', view);
    await showNotificationsCenter();
    const stale = await ui('element', { selector: notification('is no longer pending') });
    assert.equal(stale.count, 1, 'no clear answer to a stale Accept');
  });

  it('an invitation to a room already listed replaces it without a second row or notification; reconnecting lists and announces nothing again', async () => {
    await configureForPool(pool);
    await signInClean(service);
    const first = pool.inviteUser(ALICE.uri, ROOMS.releaseTrain.uri, BOB);
    assert.ok(first);
    await waitFor(() => service.invitations.some((i) => i.id === first.id), 'the first invitation');
    const second = pool.inviteUser(ALICE.uri, ROOMS.releaseTrain.uri, BOB);
    assert.ok(second);
    await waitFor(() => service.invitations.some((i) => i.id === second.id), 'the second invitation to the same room');
    for (let drop = 1; drop <= 2; drop++) {
      const phases = new PhaseRecorder(service);
      pool.resetConnections(ALICE.uri);
      await phases.until('Reconnecting');
      await phases.until('Connected', 30_000);
      phases.dispose();
    }
    // A third, genuinely new invitation: its notification comes after any the reconnects raised.
    const other = pool.inviteUser(ALICE.uri, ROOMS.architectureGuild.uri, BOB);
    assert.ok(other);
    await showNotificationsCenter();
    await ui('element', { selector: notification('Architecture Guild') });
    assert.equal(await notificationsWith('Release Train'), 1, 'Release Train was announced more than once');
    await hideNotificationsCenter();
    await showInvitationsView();
    const rows = await ui('element', { selector: invitationRow(ROOMS.releaseTrain.name) });
    assert.equal(rows.count, 1, 'the room is listed twice');
    assert.deepEqual(service.invitations.filter((i) => i.room.uri === ROOMS.releaseTrain.uri).map((i) => i.id), [second.id]);
  });

  it('polish: Sign In is not offered while signed in; Accept/Dismiss are in the palette with invitations; the tooltip names the chat server without its GRUU parameters; Sign Out says what it did', async () => {
    await configureForPool(pool);
    await signInAsAlice(service);
    if (!service.invitations.length) {
      const view = pool.inviteUser(ALICE.uri, ROOMS.architectureGuild.uri, BOB);
      assert.ok(view);
      await waitFor(() => service.invitations.length > 0, 'an invitation');
    }
    await vscode.commands.executeCommand('workbench.action.quickOpen', '>Lync: ');
    const rows = '.quick-input-list .monaco-list-row';
    await ui('element', { selector: `${rows}:has-text("Lync: Disconnect")` });
    assert.equal((await ui('element', { selector: `${rows}:has-text("Lync: Sign In")`, waitFor: 'none' })).count, 0, 'Sign In is offered while signed in');
    assert.equal((await ui('element', { selector: `${rows}:has-text("Lync: Accept Invitation")`, waitFor: 'none' })).count, 1, 'Accept Invitation is not in the palette');
    assert.equal((await ui('element', { selector: `${rows}:has-text("Lync: Dismiss Invitation")`, waitFor: 'none' })).count, 1, 'Dismiss Invitation is not in the palette');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');

    const tooltip = await statusBarTooltip('connected as');
    assert.match(tooltip, /Chat server: sip:PersistentChatService@contoso\.com/);
    assert.doesNotMatch(tooltip, /opaque|gruu/i, 'the tooltip shows the raw GRUU');
    await ui('unhover', {});

    await clearNotifications();
    await vscode.commands.executeCommand('lyncPersistentChat.signOut');
    await showNotificationsCenter();
    assert.equal((await ui('element', { selector: notification('signed out') })).count, 1, 'Sign Out gave no feedback');
    await vscode.commands.executeCommand('workbench.action.quickOpen', '>Lync: ');
    await ui('element', { selector: `${rows}:has-text("Lync: Connect")` });
    assert.equal((await ui('element', { selector: `${rows}:has-text("Lync: Sign In")`, waitFor: 'none' })).count, 1, 'Sign In is not offered when signed out');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('polish: settings in sections with labelled choices, machine settings say where they live, the view title fits, and the walkthrough opened by a configured, signed-in user shows its steps done', async () => {
    await configureForPool(pool);
    await signInAsAlice(service);
    await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
    await ui('element', { selector: SETTINGS_EDITOR });
    const toc = await ui('element', { selector: `${SETTINGS_EDITOR} .settings-toc-container` });
    for (const section of ['Connection', 'Trusted Application', 'Behaviour']) assert.match(toc.text, new RegExp(`Lync Persistent Chat.*${section}`), `no "${section}" section in the settings editor's table of contents`);
    // The settings editor's select carries each choice's label as the option's value. Its list is
    // virtualised (only the rows in view exist in the page), so each setting is searched for, not
    // looked for in a list whose scroll position this test does not decide.
    for (const [key, label] of [['transport', 'TLS (port 5061)'], ['notifications', 'All new invitations'], ['messageNotifications', 'Mentions of you']]) {
      await vscode.commands.executeCommand('lyncPersistentChat.openSettings', key);
      const choice = await ui('element', { selector: `${SETTINGS_EDITOR} select[aria-label="lyncPersistentChat.${key}"] option[value="${label}"]`, waitFor: 'attached' });
      assert.equal(choice.count, 1, `the ${key} choice shows its raw value, not its label`);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.commands.executeCommand('lyncPersistentChat.openSettings', 'caFile');
    const machineNote = await ui('element', { selector: `${SETTINGS_EDITOR} .setting-item-contents:has-text("CA File")` });
    assert.match(machineNote.text, /Remote tab/, 'the CA File setting does not say where it lives');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    // The container holds two views (Invitations, Rooms): the sidebar's title is the container's
    // short name and each view is named in its own header.
    await showInvitationsView();
    const title = await ui('element', { selector: '[id="workbench.parts.sidebar"] .composite.title h2' });
    assert.match(title.text, /^lync$/i);
    for (const view of ['Invitations', 'Rooms']) {
      const header = await ui('element', { selector: `[id="workbench.parts.sidebar"] .pane-header h3.title:text-is("${view}")` });
      assert.equal(header.count, 1, `the ${view} view is not named in its header`);
    }

    // Opened only now, after the user set up (VS Code creates its walkthrough service on first use).
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`, false);
    for (const step of ['configure', 'signIn', 'invitations']) {
      const done = await ui('element', { selector: `.getting-started-step[aria-checked="true"][data-step-id$="${step}"]`, waitFor: 'attached' });
      assert.equal(done.count, 1, `the walkthrough step "${step}" did not tick`);
    }
  });
});

describe('What a demanding new user hits (issue 28): answers from the room commands, a muted row read once, a diagnostics report fit for a public issue', function () {
  this.timeout(120_000);
  const { context, follow } = roomsFixture();

  /** The notifications in the center saying `text`, once one does (`expected` 0: read at once). */
  async function noticeCount(text: string, expected = 1): Promise<number> {
    await showNotificationsCenter();
    return (await ui('element', { selector: notification(text), waitFor: expected ? 'visible' : 'none' })).count;
  }

  it('Unmute Room Notifications with no muted room says none is muted (not "you follow no rooms"); Open Room with Unread Mentions with none says so', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.unmuteRoom');
    assert.equal(await noticeCount('none of the rooms you follow is muted'), 1);
    assert.equal(await noticeCount('you follow no rooms', 0), 0, 'it said no room is followed while one is');
    await hideNotificationsCenter();
    await vscode.commands.executeCommand('lyncPersistentChat.openUnreadMentions');
    assert.equal(await noticeCount('no unread mentions'), 1, 'Open Room with Unread Mentions said nothing');
  });

  it('a muted room\'s row is read out as muted once, not "muted, muted"', async () => {
    await follow(COFFEE);
    await showRoomsView();
    await roomContextAction(COFFEE.name, 'Mute Room Notifications');
    let label = '';
    await waitFor(async () => {
      label = (await ui('element', { selector: roomRow(COFFEE.name) })).ariaLabel;
      return label.includes('muted');
    }, 'the row to say muted', 10_000, () => label);
    assert.equal(label.match(/muted/g)?.length, 1, label);
  });

  it('Copy Diagnostics leaves out chat text, stays under 60,000 characters and starts with the connection state and last error; "Copy with Message Text" adds the text', async () => {
    await follow(COFFEE);
    const canary = `diagnostics-canary-${Math.random().toString(36).slice(2)}`;
    const filler = 'x'.repeat(600);
    context.pool.chat.postBurst(BOB, COFFEE.uri, Array.from({ length: 150 }, (_, i) => `${canary} ${i} ${filler}`));
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', { uri: COFFEE.uri, name: COFFEE.name });
    await ui('element', { selector: messageRow(`${canary} 149`), timeoutMs: 15_000 });

    const report = await vscode.commands.executeCommand<string>('lyncPersistentChat.copyDiagnostics');
    assert.equal(await vscode.env.clipboard.readText(), report);
    assert.ok(report.length <= 60_000, `the report has ${report.length} characters`);
    assert.ok(!report.includes(canary), 'the report contains chat text');
    assert.match(report, /## Connection\n- state: Connected since /);
    assert.match(report, /## Last error\n- none/);
    assert.ok(report.indexOf('## Connection') < report.indexOf('SIP/XCCOS messages'), 'the state comes before the messages');
    assert.match(report, /cmd:|rpl:|bcast:/, 'what was asked is still there, as command ids');

    await showNotificationsCenter();
    await ui('click', { selector: notificationButton('diagnostics copied', 'Copy with Message Text') });
    await waitFor(async () => (await vscode.env.clipboard.readText()).includes(canary), 'the report with message text on the clipboard');
  });
});
