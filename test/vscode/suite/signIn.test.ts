import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { cleanUp, configureForPool, contributedSettingKeys, describeStatus, Lync, lyncService, passwordStored, PhaseRecorder, ScriptedPrompter, SECTION, signInAsAlice, waitForPhase } from './helpers/lync';
import { ALICE, registrationsOf, sharedPool } from './helpers/pool';
import { waitFor } from './helpers/wait';
import { requireUi } from './ui';

describe('Sign in, disconnect and sign out against the simulated pool', () => {
  let pool: SimulatedLyncPool;
  let service: Lync;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
  });

  // The password is typed into the password box in the page.
  beforeEach(function () {
    requireUi(this);
  });

  afterEach(() => cleanUp(service, pool));

  it('activation does not connect until configured: no SIP URI means NotConfigured, no password means no connection and no prompt', async () => {
    assert.equal(describeStatus(service.status), 'NotConfigured');
    // Connections an earlier test closed are gone at the pool once it has seen them close.
    await waitFor(() => pool.connections().length === 0, 'the pool to see earlier connections closed', 10_000, () => `${pool.connections().length} open`);
    assert.equal(passwordStored(service), false);
    const prompter = new ScriptedPrompter();
    service.prompter = prompter;
    await service.connect(false); // the API's connect(): what activation does when auto-connect is on
    assert.equal(describeStatus(service.status), 'NotConfigured');

    await configureForPool(pool);
    await waitForPhase(service, 'Disconnected'); // the status follows the settings
    assert.equal(service.status.user, ALICE.uri);
    await service.connect(false);
    assert.equal(describeStatus(service.status), 'Disconnected');
    assert.deepEqual(prompter.prompts, [], 'the password box must not open without the user asking');
    assert.deepEqual(registrationsOf(pool, ALICE.uri), []);
    assert.equal(pool.connections().length, 0, 'nothing connected to the pool');
  });

  it('Sign In asks for the password, stores it in secret storage and connects', async () => {
    await configureForPool(pool);
    const phases = new PhaseRecorder(service);
    try {
      const prompter = await signInAsAlice(service);
      assert.equal(prompter.prompts.length, 1);
      assert.match(prompter.prompts[0], /alice@contoso\.com/);
      assert.deepEqual(phases.phases.slice(-2), ['Connecting', 'Connected']);
    } finally {
      phases.dispose();
    }
    assert.equal(registrationsOf(pool, ALICE.uri).length, 1, 'alice is registered at the pool');
    assert.equal(passwordStored(service), true);
    const settingValues = contributedSettingKeys().map((key) => JSON.stringify(vscode.workspace.getConfiguration(SECTION).inspect(key)));
    assert.equal(settingValues.filter((v) => v.includes(ALICE.password)).length, 0, 'the password is in a setting');

    // The stored password is what a later connect uses: no prompt this time.
    await service.disconnect();
    const silent = new ScriptedPrompter();
    service.prompter = silent;
    await vscode.commands.executeCommand('lyncPersistentChat.connect');
    assert.equal(describeStatus(service.status), 'Connected');
    assert.deepEqual(silent.prompts, []);
  });

  it('Disconnect closes the session at the pool and keeps the stored password', async () => {
    await configureForPool(pool);
    await signInAsAlice(service);
    // No invitation pending before the disconnect (the catalogue's, or one an earlier test left, is
    // dismissed here): whatever is listed afterwards would be one the closed session left behind.
    for (const invitation of service.invitations) service.dismissInvitation(invitation.id);
    await waitFor(() => service.invitations.length === 0, 'alice\'s pending invitations to be dismissed', 10_000, () => JSON.stringify(service.invitations));
    await vscode.commands.executeCommand('lyncPersistentChat.disconnect');
    assert.equal(describeStatus(service.status), 'Disconnected');
    await waitFor(() => registrationsOf(pool, ALICE.uri).length === 0, 'the pool to drop alice\'s registration', 10_000, () => `${pool.registrations().length} registrations`);
    assert.deepEqual(service.invitations, []);
    assert.equal(passwordStored(service), true, 'Disconnect must not delete the password');
  });

  it('Sign Out disconnects and deletes the password from secret storage', async () => {
    await configureForPool(pool);
    await signInAsAlice(service);
    await vscode.commands.executeCommand('lyncPersistentChat.signOut');
    assert.equal(describeStatus(service.status), 'Disconnected');
    assert.equal(passwordStored(service), false);
    await waitFor(() => registrationsOf(pool, ALICE.uri).length === 0, 'the pool to drop alice\'s registration');

    // Nothing left to connect with: a background connect neither prompts nor connects.
    const prompter = new ScriptedPrompter();
    service.prompter = prompter;
    await service.connect(false);
    assert.equal(describeStatus(service.status), 'Disconnected');
    assert.deepEqual(prompter.prompts, []);
  });

  it('a wrong password asks again, and cancelling leaves nothing stored and no connection', async () => {
    await configureForPool(pool);
    const prompter = new ScriptedPrompter('not-the-password'); // then Cancel
    service.prompter = prompter;
    await vscode.commands.executeCommand('lyncPersistentChat.signIn');
    await waitFor(() => prompter.prompts.length >= 2, 'the password box to open again', 15_000, () => `${prompter.prompts.length} prompts, ${describeStatus(service.status)}`);
    assert.match(prompter.prompts[1], /not accepted/);
    await waitFor(() => !passwordStored(service), 'the refused password to be removed from secret storage');
    assert.equal(service.status.phase, 'Error');
    assert.deepEqual(registrationsOf(pool, ALICE.uri), []);
  });

  it('a wrong password asks again, and the right one connects and is the one stored', async () => {
    await configureForPool(pool);
    const prompter = new ScriptedPrompter('not-the-password', ALICE.password);
    service.prompter = prompter;
    await vscode.commands.executeCommand('lyncPersistentChat.signIn');
    await waitForPhase(service, 'Connected');
    assert.equal(prompter.prompts.length, 2);
    assert.equal(registrationsOf(pool, ALICE.uri).length, 1);

    await service.disconnect();
    const silent = new ScriptedPrompter();
    service.prompter = silent;
    await service.connect(false);
    assert.equal(describeStatus(service.status), 'Connected', 'the stored password is the accepted one');
    assert.deepEqual(silent.prompts, []);
  });
});
