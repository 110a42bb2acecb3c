import * as assert from 'node:assert/strict';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { cleanUp, configureForPool, Lync, describeStatus, lyncService, PhaseRecorder, signInAsAlice } from './helpers/lync';
import { ALICE, joinedRooms, registrationsOf, ROOMS, sharedPool } from './helpers/pool';
import { waitFor } from './helpers/wait';

describe('Dropped connections: Reconnecting, then connected again without the user', () => {
  let pool: SimulatedLyncPool;
  let service: Lync;
  let phases: PhaseRecorder | undefined;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
  });

  beforeEach(async () => {
    await configureForPool(pool);
    await signInAsAlice(service);
    phases = new PhaseRecorder(service);
  });

  afterEach(async () => {
    phases?.dispose();
    phases = undefined;
    if (service) await cleanUp(service, pool);
  });

  async function recovered(recorder: PhaseRecorder): Promise<void> {
    const reconnecting = await recorder.until('Reconnecting');
    assert.ok('lastError' in reconnecting && reconnecting.lastError, 'Reconnecting carries the reason');
    assert.ok('nextAttemptAt' in reconnecting && reconnecting.nextAttemptAt, 'Reconnecting says when the next attempt is');
    await recorder.until('Connected', 30_000);
    assert.deepEqual(recorder.phases.slice(0, 1), ['Reconnecting']);
    assert.equal(recorder.phases.at(-1), 'Connected');
    assert.equal(describeStatus(service.status), 'Connected');
  }

  it('a TCP reset by the pool shows Reconnecting and the extension registers again on a new connection', async () => {
    const before = registrationsOf(pool, ALICE.uri);
    assert.equal(before.length, 1);
    assert.equal(pool.resetConnections(ALICE.uri), 1);
    await recovered(phases as PhaseRecorder);
    const after = await waitFor(() => registrationsOf(pool, ALICE.uri).length === 1 && registrationsOf(pool, ALICE.uri), 'alice registered again');
    assert.notEqual(after[0], before[0], 'the registration is on a new connection');
  });

  it('the chat server ending the session (BYE) shows Reconnecting and the chat session comes back', async () => {
    assert.ok(pool.disconnectSession(ALICE.uri) >= 1, 'the pool had a chat session to end');
    await recovered(phases as PhaseRecorder);
    await waitFor(() => pool.chatSessions().some((s) => s.userUri === ALICE.uri && s.kind === 'chat'), 'a new chat session at the pool');
  });

  it('a room joined by accepting an invitation is joined again after the reconnect', async () => {
    const view = pool.inviteUser(ALICE.uri, ROOMS.incidentBridge.uri, 'sip:bob@contoso.com');
    assert.ok(view);
    await waitFor(() => service.invitations.some((i) => i.id === view.id), 'the invitation to reach the extension');
    await service.acceptInvitation(view.id);
    assert.ok(joinedRooms(pool, ALICE.uri).includes(ROOMS.incidentBridge.uri), 'joined before the drop');

    pool.resetConnections(ALICE.uri);
    await recovered(phases as PhaseRecorder);
    await waitFor(() => joinedRooms(pool, ALICE.uri).includes(ROOMS.incidentBridge.uri), 'alice to be in Incident Bridge again', 10_000, () => JSON.stringify(pool.chatSessions()));
  });

  it('Disconnect while Reconnecting stops the retries: Disconnected, no registration', async () => {
    pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable' });
    pool.resetConnections(ALICE.uri);
    await (phases as PhaseRecorder).until('Reconnecting');
    await service.disconnect();
    assert.equal(describeStatus(service.status), 'Disconnected');
    await waitFor(() => registrationsOf(pool, ALICE.uri).length === 0, 'no registration for alice');
  });
});
