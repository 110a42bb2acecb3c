import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { cleanUp, configureForPool, describeStatus, Lync, lyncService, passwordStored, PhaseRecorder, ScriptedPrompter, signInAsAlice } from './helpers/lync';
import { ALICE, sharedPool } from './helpers/pool';
import { closeAllEditors } from './helpers/rooms';
import { COFFEE } from './helpers/roomsFixture';
import { waitFor } from './helpers/wait';

describe('Staying signed in: the pool drops the security association mid-session', () => {
  let pool: SimulatedLyncPool;
  let service: Lync;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
  });

  afterEach(() => cleanUp(service, pool));

  it('a post after the pool dropped the security association completes after a new handshake: no password prompt, the stored password kept, never left Connected', async () => {
    await configureForPool(pool);
    await signInAsAlice(service);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await closeAllEditors();
    await waitFor(() => service.room(COFFEE.uri)?.state === 'Joined', 'Coffee Corner to be joined');
    const silent = new ScriptedPrompter();
    service.prompter = silent;
    const phases = new PhaseRecorder(service);
    try {
      assert.equal(pool.dropSecurityAssociation(ALICE.uri), 1, 'alice had one signed connection');
      const text = 'posted after the pool dropped the security association';
      const posted = await service.api.post(COFFEE.uri, text);
      assert.equal(posted.text, text);
      assert.deepEqual(silent.prompts, [], 'no password prompt');
      assert.equal(passwordStored(service), true, 'the stored password was kept');
      assert.equal(describeStatus(service.status), 'Connected');
      assert.deepEqual(phases.phases.filter((p) => p !== 'Connected'), [], `no other phase (${phases.phases.join(' → ')})`);
    } finally {
      phases.dispose();
    }
  });
});
