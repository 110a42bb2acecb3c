import * as assert from 'node:assert/strict';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import type { LyncService } from '../../../src/extension/lyncService';
import { cleanUp, configureForPool, describeStatus, lyncService, passwordStored, PhaseRecorder, ScriptedPrompter, signInAsAlice } from './helpers/lync';
import { ALICE, ROOMS, sharedPool } from './helpers/pool';

describe('Staying signed in: the pool drops the security association mid-session', () => {
  let pool: SimulatedLyncPool;
  let service: LyncService;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
  });

  afterEach(() => cleanUp(service, pool));

  it('a post after the pool dropped the security association completes after a new handshake: no password prompt, the stored password kept, never left Connected', async () => {
    await configureForPool(pool);
    await signInAsAlice(service);
    const silent = new ScriptedPrompter();
    service.prompter = silent;
    const phases = new PhaseRecorder(service);
    try {
      assert.equal(pool.dropSecurityAssociation(ALICE.uri), 1, 'alice had one signed connection');
      const rooms = service.rooms;
      assert.ok(rooms, 'the room service of the connected session');
      const text = 'posted after the pool dropped the security association';
      const posted = await rooms.post(ROOMS.releaseTrain.uri, text);
      assert.equal(posted.text, text);
      assert.deepEqual(silent.prompts, [], 'no password prompt');
      assert.equal(await passwordStored(service), true, 'the stored password was kept');
      assert.equal(describeStatus(service.status), 'Connected');
      assert.deepEqual(phases.phases.filter((p) => p !== 'Connected'), [], `no other phase (${phases.phases.join(' → ')})`);
    } finally {
      phases.dispose();
    }
  });
});
