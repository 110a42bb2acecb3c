import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { TestEnv } from '../shared/uiProtocol';
import { cleanUp, configureForPool, contributedSettings, describeStatus, EXTENSION_ID, Lync, lyncService, PhaseRecorder, ScriptedPrompter, SECTION, setUserSetting, signInAsAlice, waitForPhase } from './helpers/lync';
import { ALICE, registrationsOf, sharedPool } from './helpers/pool';
import { closedPort } from './helpers/ports';
import { waitFor } from './helpers/wait';
import { notification, notificationButton, showNotificationsCenter, statusBarTooltip } from './helpers/workbench';
import { requireUi, ui } from './ui';

/** What an untrusted repository would put in .vscode/settings.json to harvest a password. */
const HOSTILE = {
  [`${SECTION}.sipUri`]: 'sip:mallory@evil.example',
  [`${SECTION}.server`]: 'evil.example:5061',
  [`${SECTION}.transport`]: 'tcp',
  [`${SECTION}.username`]: 'EVIL\\mallory',
  [`${SECTION}.caFile`]: '/tmp/evil-ca.pem',
  [`${SECTION}.persistentChatUri`]: 'sip:chat@evil.example',
};
/** A setting any workspace may set: proves VS Code has read the file. */
const CANARY = { section: 'editor', key: 'tabSize', value: 7 };

describe('Settings: restricted values come from user settings only; changes offer a reconnect', () => {
  let pool: SimulatedLyncPool;
  let service: Lync;
  const workspace = process.env[TestEnv.workspaceFolder];
  const settingsFile = workspace ? join(workspace, '.vscode', 'settings.json') : '';

  const canary = () => vscode.workspace.getConfiguration(CANARY.section).inspect(CANARY.key)?.workspaceValue;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
  });

  afterEach(async () => {
    if (settingsFile) {
      rmSync(settingsFile, { force: true });
      await waitFor(() => canary() === undefined, 'VS Code to drop the workspace settings');
    }
    if (service) await cleanUp(service, pool);
  });

  it('declares the server, credential and certificate settings application/machine-scoped and restricted', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
    };
    const settings = contributedSettings();
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of Object.keys(HOSTILE)) {
      assert.ok(restricted.includes(key), `${key} is not in restrictedConfigurations`);
      assert.match(settings[key]?.scope ?? 'window', /^(application|machine)$/, `${key} can be set by a workspace`);
    }
  });

  // Two locks guard this: the manifest scopes (VS Code then never hands the extension a workspace
  // value) and readSettings() taking only user values. With both broken (scope "window", config.get,
  // a trusted folder) this test fails; the manifest test above fails if the first lock goes.
  it('ignores workspace-level values for the server and credential settings and connects where the user said', async function () {
    if (!workspace) this.skip();
    await configureForPool(pool);
    mkdirSync(join(workspace as string, '.vscode'), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ ...HOSTILE, [`${CANARY.section}.${CANARY.key}`]: CANARY.value }, null, 2));
    await waitFor(() => canary() === CANARY.value, 'VS Code to load the workspace settings file', 15_000);

    const settings = await service.settingsAsRead();
    assert.equal(settings.sipUri, ALICE.uri);
    assert.equal(settings.server, `${pool.addresses.tls.host}:${pool.addresses.tls.port}`);
    assert.equal(settings.transport, 'tls');
    assert.equal(settings.username, '');
    assert.equal(settings.persistentChatUri, '');
    assert.match(settings.caFile, /ca\.pem$/);

    await signInAsAlice(service);
    assert.equal(registrationsOf(pool, ALICE.uri).length, 1, 'signed in at the user-configured pool');
  });

  it('changing a connection setting while connected offers to reconnect, and Reconnect applies it', async function () {
    requireUi(this);
    await configureForPool(pool);
    await signInAsAlice(service);
    const phases = new PhaseRecorder(service);
    try {
      await vscode.workspace.getConfiguration(SECTION).update('username', 'CONTOSO\\alice', vscode.ConfigurationTarget.Global);
      await showNotificationsCenter();
      await ui('click', { selector: notificationButton('connection settings changed', 'Reconnect') });
      await phases.until('Connected');
      assert.deepEqual(phases.phases.filter((p) => p !== 'Disconnected'), ['Connecting', 'Connected']);
    } finally {
      phases.dispose();
    }
    assert.equal(describeStatus(service.status), 'Connected');
    assert.equal(registrationsOf(pool, ALICE.uri).length, 1);
  });

  // Issue 28 item 2: the retries kept the old server until the user pressed Connect.
  it('a server corrected while reconnecting is what the next retry uses: Connected again without Connect', async function () {
    this.timeout(60_000);
    await configureForPool(pool, { server: `127.0.0.1:${await closedPort()}` });
    service.prompter = new ScriptedPrompter(ALICE.password);
    await vscode.commands.executeCommand('lyncPersistentChat.signIn');
    await waitForPhase(service, 'Reconnecting');
    const phases = new PhaseRecorder(service);
    try {
      await setUserSetting('server', `${pool.addresses.tls.host}:${pool.addresses.tls.port}`);
      // No click: the reconnect offer is left alone, as the user in the report dismissed it.
      await phases.until('Connected', 30_000);
    } finally {
      phases.dispose();
    }
    assert.equal(registrationsOf(pool, ALICE.uri).length, 1, 'registered at the corrected server');
  });

  // Issue 28 item 3: "alice" as sipUri said "not configured" while the old session stayed signed in.
  it('an unusable sipUri ends the session, quoting what was typed; fixing it offers Reconnect, which signs in again', async function () {
    requireUi(this);
    await configureForPool(pool);
    await signInAsAlice(service);
    await setUserSetting('sipUri', 'alice');
    await waitForPhase(service, 'NotConfigured');
    await waitFor(() => registrationsOf(pool, ALICE.uri).length === 0, 'the old session to sign out at the pool', 10_000, () => describeStatus(service.status));
    const tooltip = await statusBarTooltip('not configured');
    assert.match(tooltip, /"alice" is not one/);
    assert.doesNotMatch(tooltip, /sip:alice"/, 'quotes only what was typed');

    const phases = new PhaseRecorder(service);
    try {
      await setUserSetting('sipUri', ALICE.uri);
      await waitForPhase(service, 'Disconnected');
      assert.doesNotMatch(await statusBarTooltip('disconnected'), /is not one/, 'the old complaint is gone');
      await showNotificationsCenter();
      assert.equal((await ui('element', { selector: notification('connection settings changed') })).count, 1, 'one reconnect offer');
      await ui('click', { selector: notificationButton('connection settings changed', 'Reconnect') });
      await phases.until('Connected');
    } finally {
      phases.dispose();
    }
    assert.equal(registrationsOf(pool, ALICE.uri).length, 1);
  });
});
