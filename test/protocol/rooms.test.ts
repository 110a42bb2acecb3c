import assert from 'node:assert/strict';
import { LyncError } from '../../src/common/errors';
import { MemoryFollowedRoomStore } from '../../src/persistentChat/rooms/followedRoomStore';
import type { RoomMessage } from '../../src/persistentChat/rooms/types';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceConnection, ROOMS } from './helpers/connection';
import { waitFor } from './helpers/net';
import { startPool } from './helpers/pool';

const joinedOnServer = (pool: SimulatedLyncPool, room: string) =>
  pool.chatSessions().some((s) => s.userUri === 'sip:alice@contoso.com' && s.rooms.includes(room));

describe('Rooms (ChatConnection.rooms) against the simulated pool over real sockets', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  after(async () => { await pool?.stop(); });

  it('follows a room, delivers a colleague\'s live message once, and posts with the server\'s timestamp, seen once', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    const messages: RoomMessage[] = [];
    connection.rooms.onMessage((m) => messages.push(m));
    const [room] = await connection.rooms.follow([ROOMS.releaseTrain]);
    assert.equal(room.state, 'Joined');
    assert.equal(room.name, 'Release Train');
    assert.ok(joinedOnServer(pool, ROOMS.releaseTrain));
    assert.equal(connection.rooms.messageSizeLimit, 512);

    pool.post('sip:bob@contoso.com', ROOMS.releaseTrain, 'Alice, the train leaves at 5');
    await waitFor(() => messages.length > 0, 5000, 'bob\'s message');
    assert.equal(messages.length, 1);
    assert.equal(messages[0].author, 'sip:bob@contoso.com');
    assert.equal(messages[0].mention, true);
    assert.equal(messages[0].own, false);
    assert.equal(connection.rooms.followed[0].unread, 1);
    assert.equal(connection.rooms.followed[0].mentions, 1);

    const posted = await connection.rooms.post(ROOMS.releaseTrain, 'on it');
    assert.equal(posted.own, true);
    const stored = pool.rooms().find((r) => r.uri === ROOMS.releaseTrain);
    assert.ok(stored, 'the room is in the simulator');
    const history = await connection.rooms.history(ROOMS.releaseTrain, { count: 5 });
    assert.equal(history.messages.filter((m) => m.id === posted.id).length, 1, 'the post is in history with the same id');
    assert.equal(messages.filter((m) => m.text === 'on it').length, 0, 'the own post is not delivered again');
    await connection.disconnect();
    connection.dispose();
  });

  it('refuses to join a closed room for a non-member with NotAMember, and does not follow it', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await assert.rejects(connection.rooms.follow([ROOMS.incidentBridge]), (e: unknown) => LyncError.is(e, 'NotAMember') && /manager/.test((e as Error).message));
    assert.equal(connection.rooms.followed.length, 0);
    await connection.disconnect();
    connection.dispose();
  });

  it('refuses a post longer than messageSizeLimit before sending it', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await connection.rooms.follow([ROOMS.releaseTrain]);
    const before = pool.messageLog.length;
    await assert.rejects(connection.rooms.post(ROOMS.releaseTrain, 'x'.repeat(513)), (e: unknown) => LyncError.is(e, 'MessageTooLarge'));
    assert.ok(!pool.messageLog.slice(before).some((m) => m.direction === 'in' && m.text.includes('<grpchat')), 'nothing was sent');
    await connection.disconnect();
    connection.dispose();
  });

  it('re-joins followed rooms on reconnect with one bjoin and delivers what was posted during the outage, no gap, no duplicate', async () => {
    const store = new MemoryFollowedRoomStore();
    const { connection, phases, passes } = aliceConnection(pool, { followedRooms: store });
    await connection.connect();
    await connection.rooms.follow([ROOMS.releaseTrain]);
    const messages: RoomMessage[] = [];
    connection.rooms.onMessage((m) => messages.push(m));
    pool.post('sip:bob@contoso.com', ROOMS.releaseTrain, 'before the outage');
    await waitFor(() => messages.length === 1, 5000, 'the first message');
    const from = phases.length;
    pool.disconnectSession('sip:alice@contoso.com');
    for (let i = 0; i < 30; i++) pool.post('sip:carol@contoso.com', ROOMS.releaseTrain, `during the outage ${i}`);
    await passes('Connected', from);
    await waitFor(() => messages.length >= 31, 10_000, 'the 30 messages posted during the outage');
    pool.post('sip:bob@contoso.com', ROOMS.releaseTrain, 'after the outage');
    await waitFor(() => messages.length >= 32, 5000, 'the live message after');
    assert.deepEqual(messages.map((m) => m.text), ['before the outage', ...Array.from({ length: 30 }, (_, i) => `during the outage ${i}`), 'after the outage']);
    assert.ok(joinedOnServer(pool, ROOMS.releaseTrain), 'joined again on the server');
    assert.deepEqual(store.load().map((r) => r.uri), [ROOMS.releaseTrain]);
    await connection.disconnect();
    connection.dispose();
  });
});
