import assert from 'node:assert/strict';
import type { MessageLogEntry } from '../../simulator/messageLog';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceConnection } from './helpers/connection';
import { aliceEndpoint, startPool } from './helpers/pool';

const LOOKUP = /^INVITE sip:PersistentChatPool@contoso\.com /;

/** The client's requests (not ACK) logged by the pool since `from`. */
function requestsSince(pool: SimulatedLyncPool, from: number): MessageLogEntry[] {
  return pool.messageLog.filter((m) => m.seq > from && m.direction === 'in' && !/^(ACK |SIP\/2\.0 )/.test(m.firstLine));
}

const commandOf = (m: MessageLogEntry) => /<cmd id="(cmd:[a-z]+)"/.exec(m.text)?.[1];
const lastSeq = (pool: SimulatedLyncPool) => pool.messageLog.at(-1)?.seq ?? 0;

describe('Connect round trips: overlapped requests, and the chat server remembered for reconnects', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  after(async () => { await pool?.stop(); });

  it('sends the lookup BYE with the chat server INVITE, and cmd:getserverinfo with cmd:getinv (each pair in one write)', async () => {
    const { connection } = aliceConnection(pool);
    const from = lastSeq(pool);
    await connection.connect();
    const sent = requestsSince(pool, from);
    await connection.disconnect();
    connection.dispose();
    const bye = sent.find((m) => /^BYE /.test(m.firstLine));
    const chatInvite = sent.find((m) => m.firstLine.startsWith(`INVITE ${pool.config.chatServerUri} `));
    assert.ok(bye && chatInvite, `a BYE and the chat server INVITE: ${sent.map((m) => m.firstLine).join(' | ')}`);
    assert.ok(bye.seq < chatInvite.seq);
    assert.equal(bye.read, chatInvite.read, 'the pool read the BYE and the INVITE together: the INVITE did not wait for the BYE');
    const serverInfo = sent.find((m) => commandOf(m) === 'cmd:getserverinfo');
    const getinv = sent.find((m) => commandOf(m) === 'cmd:getinv');
    assert.ok(serverInfo && getinv);
    assert.equal(serverInfo.read, getinv.read, 'cmd:getinv went out without waiting for rpl:getserverinfo');
  });

  it('a reconnect goes straight to the chat server of the last session (no lookup, no requri, no BYE), provisioning alongside', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await connection.disconnect();
    const from = lastSeq(pool);
    await connection.connect();
    assert.equal(connection.status.phase, 'Connected');
    assert.equal(connection.status.chatServerUri, pool.config.chatServerUri);
    assert.equal(connection.pendingInvitations.length > 0, true, 'rpl:getinv still read');
    const sent = requestsSince(pool, from);
    await connection.disconnect();
    connection.dispose();
    assert.deepEqual(sent.filter((m) => LOOKUP.test(m.firstLine) || /^BYE /.test(m.firstLine) || commandOf(m) === 'cmd:requri').map((m) => m.firstLine), []);
    const subscribe = sent.find((m) => /^SUBSCRIBE /.test(m.firstLine));
    const chatInvite = sent.find((m) => m.firstLine.startsWith(`INVITE ${pool.config.chatServerUri} `));
    assert.ok(subscribe && chatInvite, sent.map((m) => m.firstLine).join(' | '));
    assert.equal(subscribe.read, chatInvite.read, 'provisioning did not hold up the chat server INVITE');
  });

  it('falls back to the lookup when the remembered chat server refuses, and connects', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await connection.disconnect();
    const from = lastSeq(pool);
    pool.failNext({ method: 'INVITE', status: 404, reason: 'Not Found' });
    await connection.connect();
    assert.equal(connection.status.phase, 'Connected');
    assert.equal(connection.status.chatServerUri, pool.config.chatServerUri);
    const sent = requestsSince(pool, from).map((m) => m.firstLine.split(' ').slice(0, 2).join(' ') + (commandOf(m) ? ` ${commandOf(m)}` : ''));
    await connection.disconnect();
    connection.dispose();
    const chat = `INVITE ${pool.config.chatServerUri}`;
    const firstChat = sent.indexOf(chat);
    const lookup = sent.findIndex((line) => LOOKUP.test(`${line} `));
    assert.ok(firstChat >= 0 && lookup > firstChat, `the remembered server first, then the lookup: ${sent.join(' | ')}`);
    assert.ok(sent.lastIndexOf(chat) > lookup, `then the chat server the lookup named: ${sent.join(' | ')}`);
  });

  it('a reconnect whose remembered chat server and lookup service both refuse (the pool was moved) follows provisioning to the new lookup service and connects', async () => {
    const moved = await startPool({ persistentChatPoolUri: 'sip:NewChatPool@contoso.com' });
    try {
      let target = pool;
      const { connection } = aliceConnection(pool, { createEndpoint: () => aliceEndpoint(target, 'tcp') });
      await connection.connect();
      await connection.disconnect();
      // Same user, same chat server URI, but the lookup service of the last session is gone.
      target = moved;
      const from = lastSeq(moved);
      moved.failNext({ method: 'INVITE', status: 404, reason: 'Not Found' });
      await connection.connect();
      assert.equal(connection.status.phase, 'Connected');
      assert.ok(connection.pendingInvitations.length > 0, 'rpl:getinv read from the chat server');
      const invites = requestsSince(moved, from).filter((m) => /^INVITE /.test(m.firstLine)).map((m) => m.firstLine.split(' ')[1]);
      await connection.disconnect();
      connection.dispose();
      assert.deepEqual(invites, [moved.config.chatServerUri, 'sip:PersistentChatPool@contoso.com', 'sip:NewChatPool@contoso.com', moved.config.chatServerUri],
        'the remembered chat server, the remembered lookup service, the provisioned one, then the chat server it named');
    } finally {
      await moved.stop();
    }
  });
});
