import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers/ids';
import { STATUS_ITEM_ID } from './helpers/workbench';
import { requireUi, ui } from './ui';

const CORE_COMMANDS = [
  'lyncPersistentChat.connect',
  'lyncPersistentChat.disconnect',
  'lyncPersistentChat.signIn',
  'lyncPersistentChat.signOut',
  'lyncPersistentChat.showLog',
];

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in the extension host`);
  return ext;
}

describe('Activation in a real VS Code extension host', () => {
  it('loads the extension and activates it without an error', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers the Connect, Disconnect, Sign In, Sign Out and Show Log commands', async () => {
    await extension().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(CORE_COMMANDS.filter((id) => !registered.has(id)), []);
  });

  it('Lync: Copy Diagnostics puts a redacted report (versions, settings, messages, unrecognized items) on the clipboard', async () => {
    await extension().activate();
    const report = await vscode.commands.executeCommand<string>('lyncPersistentChat.copyDiagnostics');
    const clipboard = await vscode.env.clipboard.readText();
    assert.equal(clipboard, report);
    assert.match(clipboard, /## Versions\n- extension: /);
    assert.match(clipboard, /## Settings \(no secrets\)/);
    assert.match(clipboard, /## Protocol items not understood/);
    assert.match(clipboard, /## Last \d+ SIP\/XCCOS messages \(credentials redacted\)/);
  });

  it('registers every command its manifest contributes', async () => {
    const ext = extension();
    await ext.activate();
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
  });

  it('renders its status bar item in the workbench page, showing "Lync" with the not-connected icon', async function () {
    requireUi(this);
    await extension().activate();
    const item = await ui('statusBarItem', { id: STATUS_ITEM_ID, waitForText: 'Lync' });
    assert.ok(item.found, `no status bar item in the page matches ${item.selector}`);
    assert.equal(item.visible, true, 'the status bar item is in the page but hidden');
    assert.equal(item.text, 'Lync');
    assert.deepEqual(item.icons, ['circle-slash']);
    assert.match(item.ariaLabel, /^Lync Persistent Chat: /);
    await ui('screenshot', { name: 'activation-status-bar' });
  });
});
