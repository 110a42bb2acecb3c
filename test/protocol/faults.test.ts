import assert from 'node:assert/strict';
import { LyncErrorCode } from '../../src/common/errors';
import { MessageLogEntry } from '../../simulator/messageLog';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceConnection, ROOMS } from './helpers/connection';
import { trackResources } from './helpers/leaks';
import { waitFor } from './helpers/net';
import { startPool } from './helpers/pool';

const ALICE = 'sip:alice@contoso.com';
const reconnectTimes: string[] = [];

/** Steps of the connect, as the pool sees them; a TCP reset is injected at each. */
const STEPS: { name: string; match: (e: MessageLogEntry) => boolean }[] = [
  { name: 'the first 401 challenge', match: (e) => e.direction === 'out' && /^SIP\/2\.0 401/.test(e.text) },
  { name: 'the REGISTER 200 OK', match: (e) => e.direction === 'out' && /^SIP\/2\.0 200/.test(e.text) && /^CSeq: \d+ REGISTER/m.test(e.text) },
  { name: 'the provisioning SUBSCRIBE', match: (e) => e.direction === 'in' && /^SUBSCRIBE /.test(e.text) && /vnd-microsoft-provisioning-v2/.test(e.text) },
  { name: 'the lookup INVITE', match: (e) => e.direction === 'in' && /^INVITE sip:PersistentChatPool@/.test(e.text) },
  { name: 'cmd:requri', match: (e) => e.direction === 'in' && /^INFO /.test(e.text) && e.text.includes('cmd:requri') },
  { name: 'the chat server INVITE', match: (e) => e.direction === 'in' && /^INVITE sip:PersistentChatService@/.test(e.text) },
  { name: 'cmd:getserverinfo', match: (e) => e.direction === 'in' && /^INFO /.test(e.text) && e.text.includes('cmd:getserverinfo') },
  { name: 'cmd:getinv', match: (e) => e.direction === 'in' && /^INFO /.test(e.text) && e.text.includes('cmd:getinv') },
];

describe('connection faults: each ends in a named state with its reason, recovers where it should, leaves nothing behind', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  after(async () => {
    await pool?.stop();
    if (reconnectTimes.length) console.log(`      measured reconnect times: ${reconnectTimes.join('; ')}`);
  });

  /** Connects (the first attempt may fail), waits for Connected, and returns the recovery time. */
  async function recover(c: ReturnType<typeof aliceConnection>, started: number, what: string): Promise<void> {
    await c.until('Connected', 15_000);
    reconnectTimes.push(`${what} ${Date.now() - started} ms`);
  }

  async function finish(c: ReturnType<typeof aliceConnection>, resources: { check(): Promise<void> }): Promise<void> {
    await c.connection.disconnect();
    c.connection.dispose();
    assert.equal(c.connection.status.phase, 'Disconnected');
    await resources.check();
  }

  for (const step of STEPS) {
    it(`TCP reset at ${step.name}: the connect fails with a retriable reason, then reconnects`, async () => {
      const resources = await trackResources();
      const c = aliceConnection(pool);
      let armed = true;
      let resetAt = 0;
      const hook = pool.onMessage((e) => {
        if (armed && e.connectionId !== undefined && step.match(e)) {
          armed = false;
          resetAt = Date.now();
          // Every connection: before the REGISTER succeeds the pool does not yet know it is alice's.
          setImmediate(() => pool.resetConnections());
        }
      });
      try {
        await assert.rejects(c.connection.connect(), (e: { code: LyncErrorCode; retriable: boolean }) => e.retriable === true);
        assert.equal(armed, false, 'the fault was injected');
        assert.equal(c.connection.status.phase, 'Reconnecting');
        assert.ok(c.connection.status.lastError, 'the Reconnecting status carries the reason');
        await recover(c, resetAt, `reset at ${step.name}:`);
        assert.deepEqual(c.phases.slice(0, 2), ['Connecting', 'Reconnecting']);
      } finally {
        hook.dispose();
      }
      await finish(c, resources);
    });
  }

  it('server BYE on the chat session: Reconnecting with ConnectionLost, then Connected with the open rooms re-joined', async () => {
    const resources = await trackResources();
    const c = aliceConnection(pool);
    await c.connection.connect();
    const invitation = c.connection.pendingInvitations.find((i) => i.room.uri === ROOMS.architectureGuild);
    if (invitation) await c.connection.acceptInvitation(invitation.id);
    assert.ok(c.connection.joinedRooms.includes(ROOMS.architectureGuild));
    const started = Date.now();
    const from = c.phases.length;
    assert.ok(pool.disconnectSession(ALICE) > 0);
    const reconnecting = await c.passes('Reconnecting', from, 5000);
    assert.equal(reconnecting.lastError?.code, 'ConnectionLost');
    await recover(c, started, 'server BYE:');
    await waitFor(() => pool.chatSessions().some((s) => s.userUri === ALICE && s.rooms.includes(ROOMS.architectureGuild)), 5000, 'the room re-joined');
    await finish(c, resources);
  });

  it('481 to a chat command: the session is dropped and re-established', async () => {
    const resources = await trackResources();
    const c = aliceConnection(pool);
    await c.connection.connect();
    pool.failNext({ method: 'INFO', status: 481, reason: 'Call Leg/Transaction Does Not Exist' });
    const started = Date.now();
    const from = c.phases.length;
    await assert.rejects(c.connection.chatEndpoint!.browseChatRooms(), (e: { sipStatus?: number }) => e.sipStatus === 481);
    await c.passes('Reconnecting', from, 5000);
    await recover(c, started, '481:');
    await finish(c, resources);
  });

  it('503 with ms-diagnostics at sign-in: ServiceUnavailable with the server\'s reason, then Connected', async () => {
    const resources = await trackResources();
    const c = aliceConnection(pool);
    pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable', diagnostics: '1008;reason="Server is too busy";source="pool0.contoso.com"' });
    const started = Date.now();
    await assert.rejects(c.connection.connect(), (e: { code: string; diagnostics?: string }) => e.code === 'ServiceUnavailable' && /too busy/.test(e.diagnostics ?? ''));
    assert.equal(c.connection.status.phase, 'Reconnecting');
    await recover(c, started, '503:');
    await finish(c, resources);
  });

  it('a 30 s stall: the connect times out (Timeout), and it reconnects once the server answers again', async () => {
    const resources = await trackResources();
    const c = aliceConnection(pool, { endpoint: { requestTimeoutMs: 800 }, commandTimeoutMs: 800 });
    pool.stall(30);
    try {
      await assert.rejects(c.connection.connect(), (e: { code: string }) => e.code === 'Timeout');
      assert.equal(c.connection.status.phase, 'Reconnecting');
    } finally {
      pool.stall(0);
    }
    const started = Date.now();
    await recover(c, started, 'stall:');
    await finish(c, resources);
  });

  it('malformed XCCOS from the chat server is ignored: the session stays Connected', async () => {
    const resources = await trackResources();
    const c = aliceConnection(pool);
    await c.connection.connect();
    assert.ok(pool.chat.sendMalformedXccos(ALICE) > 0);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(c.connection.status.phase, 'Connected');
    assert.ok((await c.connection.chatEndpoint!.browseChatRooms()).length > 0, 'the session still answers');
    await finish(c, resources);
  });

  it('a malformed SIP frame drops the connection with ProtocolError and it reconnects', async () => {
    const resources = await trackResources();
    const c = aliceConnection(pool);
    await c.connection.connect();
    const started = Date.now();
    const from = c.phases.length;
    assert.ok(pool.sendMalformed(ALICE) > 0);
    const reconnecting = await c.passes('Reconnecting', from, 5000);
    assert.equal(reconnecting.lastError?.code, 'ProtocolError');
    await recover(c, started, 'malformed frame:');
    await finish(c, resources);
  });

  it('a wrong password ends in Error with AuthenticationFailed and never reconnects', async () => {
    const resources = await trackResources();
    const c = aliceConnection(pool, { endpoint: { credential: { username: 'CONTOSO\\alice', password: 'wrong' } } });
    await assert.rejects(c.connection.connect(), (e: { code: string }) => e.code === 'AuthenticationFailed');
    assert.equal(c.connection.status.phase, 'Error');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(c.phases, ['Connecting', 'Error'], 'no reconnect attempt');
    c.connection.dispose();
    await resources.check();
  });
});
