import * as assert from 'node:assert/strict';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { cleanUp, configureForPool, describeStatus, Lync, lyncService, signInAsAlice, waitForPhase } from './helpers/lync';
import { sharedPool } from './helpers/pool';

const LOOKUP = /^INVITE sip:PersistentChatPool@contoso\.com /;

/**
 * What a session learned survives the connection object: the extension keeps the lookup service
 * and the chat server in its global state, so a new connection (after Disconnect, as after a
 * reload) INVITEs the chat server directly. Seen from the pool, which runs in this extension host.
 */
describe('The remembered pool: a new connection goes straight to the chat server of the last session', () => {
  let pool: SimulatedLyncPool;
  let service: Lync;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
  });
  afterEach(async () => {
    if (service) await cleanUp(service, pool);
  });

  it('after Disconnect, a new connection INVITEs the remembered chat server with no lookup dialog', async () => {
    await configureForPool(pool);
    await signInAsAlice(service);
    await service.disconnect();
    const from = pool.messageLog.at(-1)?.seq ?? 0;
    await service.connect(false);
    await waitForPhase(service, 'Connected');
    assert.equal(describeStatus(service.status), 'Connected');
    const invites = pool.messageLog.filter((m) => m.seq > from && m.direction === 'in' && /^INVITE /.test(m.firstLine)).map((m) => m.firstLine);
    assert.deepEqual(invites.filter((line) => LOOKUP.test(line)), [], `no lookup INVITE: ${invites.join(' | ')}`);
    assert.ok(invites.some((line) => line.startsWith(`INVITE ${pool.config.chatServerUri} `)), `the chat server INVITEd directly: ${invites.join(' | ')}`);
  });
});
