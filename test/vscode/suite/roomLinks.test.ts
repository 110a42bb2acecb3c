import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import type { Lync } from './helpers/lync';
import { ALICE, ROOMS } from './helpers/pool';
import { closeAllEditors, inRoom, messageRow, QUICK_INPUT_BOX, quickPickRow, roomEditorTabs } from './helpers/rooms';
import { COFFEE, roomsFixture } from './helpers/roomsFixture';
import { waitFor } from './helpers/wait';
import { notification, showNotificationsCenter } from './helpers/workbench';
import { ui } from './ui';

const RELEASE_TRAIN = ROOMS.releaseTrain;
/** The links are posted by carol: the Rooms tests after this file expect bob's next message in Coffee Corner to start a new author group. */
const CAROL = 'sip:carol@contoso.com';
const vscodeLink = (roomUri: string) => `${vscode.env.uriScheme}://lync-pchat.lync-persistent-chat/room?uri=${encodeURIComponent(roomUri)}`;

/**
 * Opens a link of the editor's own scheme as the workbench does when a browser or mail client hands
 * it over: its opener routes the scheme to the extension's URI handler. (In code-server,
 * vscode.env.openExternal hands the link to the browser instead, which cannot give it back.) The
 * workbench asks before an extension handles its first link; the setting is that prompt's
 * "Do not ask me again for this extension", which the test driver cannot click (it refuses dialogs).
 */
async function openThroughWorkbench(link: string): Promise<void> {
  await vscode.workspace.getConfiguration('extensions').update('confirmedUriHandlerExtensionIds', ['lync-pchat.lync-persistent-chat'], vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(link));
}

describe('Rooms: links that open rooms and code (room links, shared path:line, the vscode:// room link, Copy Room Link)', () => {
  const { context, follow, historyCount } = roomsFixture();
  let pool: SimulatedLyncPool;
  let service: Lync;
  before(() => ({ pool, service } = context));
  after(async () => {
    await vscode.workspace.getConfiguration('extensions').update('confirmedUriHandlerExtensionIds', undefined, vscode.ConfigurationTarget.Global);
  });

  async function roomEditorOpen(room: { uri: string; name: string }): Promise<void> {
    await waitFor(() => roomEditorTabs().some((t) => t.isActive && t.label === room.name), `the editor of ${room.name} to be the active tab`, 15_000,
      () => roomEditorTabs().map((t) => `${t.label}${t.isActive ? ' (active)' : ''}`).join(', ') || '(no room editor)');
    await waitFor(() => service.room(room.uri)?.state === 'Joined', `${room.name} to be joined`, 15_000, () => JSON.stringify(service.room(room.uri)));
  }

  it('a ma-chan:// room link in a message, clicked, opens (and follows) that room; a malformed one stays text', async () => {
    await follow(COFFEE);
    const marker = `train-link-${Date.now()}`;
    pool.chat.post(CAROL, COFFEE.uri, `${marker}: see ${RELEASE_TRAIN.uri}. Not a room: ma-chan://contoso.com/not-a-guid`);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    const link = await ui('element', { selector: `${messageRow(marker)} a.link.room-link` });
    assert.equal(link.count, 1, 'only the well-formed room link is a link');
    assert.equal(link.text, RELEASE_TRAIN.uri, 'the link does not read as the room it opens (the trailing full stop belongs to the text)');
    assert.equal(service.room(RELEASE_TRAIN.uri), undefined, 'the room was followed before the click');
    await ui('click', { selector: `${messageRow(marker)} a.link.room-link` });
    await roomEditorOpen(RELEASE_TRAIN);
  });

  it('a room link to a closed room the user is not a member of says so instead of showing an empty room', async () => {
    await follow(COFFEE);
    // Not a member, whatever earlier files did (accepting an invitation to Incident Bridge makes alice one).
    pool.removeFromRoom(ALICE.uri, ROOMS.incidentBridge.uri);
    const marker = `bridge-link-${Date.now()}`;
    pool.chat.post(CAROL, COFFEE.uri, `${marker}: ${ROOMS.incidentBridge.uri}`);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('click', { selector: `${messageRow(marker)} a.link.room-link` });
    await showNotificationsCenter();
    const warning = await ui('element', { selector: notification('you are not a member of') });
    assert.equal(warning.count, 1, 'no message that the user is not a member');
    assert.notEqual(service.room(ROOMS.incidentBridge.uri)?.state, 'Joined', 'the closed room was joined');
  });

  it('the "path, lines N-M" header Share Selection to Room posts, clicked, opens the file at line N; a path the workspace lacks says so', async () => {
    await follow(COFFEE);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workbench has no folder');
    const file = vscode.Uri.joinPath(folder.uri, 'link-sample.ts');
    await vscode.workspace.fs.writeFile(file, Buffer.from('// one\n// two\nexport const three = 3;\nexport const four = 4;\n'));
    try {
      // Shared as a user shares it (so the page recognises exactly what Share Selection posts), then the file closed again.
      const before = historyCount(COFFEE.uri);
      const editor = await vscode.window.showTextDocument(file);
      editor.selection = new vscode.Selection(2, 0, 4, 0);
      void vscode.commands.executeCommand('lyncPersistentChat.shareToRoom');
      await ui('click', { selector: quickPickRow('Coffee Corner') });
      await ui('element', { selector: quickPickRow('Share in Coffee Corner') });
      await ui('press', { selector: QUICK_INPUT_BOX, key: 'Enter' });
      await waitFor(() => historyCount(COFFEE.uri) === before + 1, 'the shared selection to reach the pool');
      await closeAllEditors();
      pool.chat.post(CAROL, COFFEE.uri, 'nowhere/missing-sample.ts, line 7:\nconst missing = true;');
      await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
      assert.notEqual(vscode.window.activeTextEditor?.document.uri.toString(), file.toString(), 'the shared file is still the active editor');
      const header = await ui('element', { selector: `${messageRow('link-sample.ts, lines 3-4:')} a.link.file-link` });
      assert.equal(header.text, 'link-sample.ts, lines 3-4', 'the header is not the link');
      await ui('click', { selector: `${messageRow('link-sample.ts, lines 3-4:')} a.link.file-link` });
      await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === file.toString(), 'link-sample.ts to be the active editor', 15_000,
        () => vscode.window.activeTextEditor?.document.uri.toString() ?? '(no text editor)');
      assert.equal(vscode.window.activeTextEditor?.selection.active.line, 2, 'the cursor is not on line 3');

      await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
      await ui('click', { selector: `${messageRow('missing-sample.ts, line 7:')} a.link.file-link` });
      await showNotificationsCenter();
      const warning = await ui('element', { selector: notification('nowhere/missing-sample.ts is not in the folders open in this window') });
      assert.equal(warning.count, 1, 'no message that the file is not in the workspace');
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it('Copy Room Link offers the ma-chan:// link and the VS Code link; the VS Code link, opened from outside, opens the room', async () => {
    await follow(COFFEE);
    await vscode.env.clipboard.writeText('');
    void vscode.commands.executeCommand('lyncPersistentChat.copyRoomLink', COFFEE);
    await ui('click', { selector: quickPickRow('ma-chan:// link (for Lync)') });
    await waitFor(async () => (await vscode.env.clipboard.readText()) === COFFEE.uri, 'the ma-chan:// link on the clipboard', 10_000, () => 'clipboard differs');

    void vscode.commands.executeCommand('lyncPersistentChat.copyRoomLink', RELEASE_TRAIN);
    await ui('click', { selector: quickPickRow('VS Code link') });
    let copied = '';
    await waitFor(async () => (copied = await vscode.env.clipboard.readText()) === vscodeLink(RELEASE_TRAIN.uri), 'the VS Code link on the clipboard', 10_000, () => copied);

    assert.equal(service.room(RELEASE_TRAIN.uri), undefined, 'the room was followed before the link was opened');
    await openThroughWorkbench(copied);
    await roomEditorOpen(RELEASE_TRAIN);
    await ui('element', { selector: inRoom(`#name:text-is(${JSON.stringify(RELEASE_TRAIN.name)})`) });
  });

  it('a VS Code link to the extension that names no well-formed room opens nothing and says so', async () => {
    await openThroughWorkbench(vscodeLink('ma-chan://contoso.com/../../etc'));
    await showNotificationsCenter();
    await ui('element', { selector: notification('this link does not name a room') });
    assert.equal(roomEditorTabs().length, 0, 'a room editor opened');
  });
});
