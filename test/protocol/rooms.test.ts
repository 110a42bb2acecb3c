import assert from 'node:assert/strict';
import { LyncError } from '../../src/common/errors';
import { MemoryFollowedRoomStore } from '../../src/persistentChat/rooms/followedRoomStore';
import type { RoomMessage } from '../../src/persistentChat/rooms/types';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceConnection, ROOMS } from './helpers/connection';
import { trackResources } from './helpers/leaks';
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

  it('re-joins followed rooms on reconnect with one bjoin and delivers what was posted during the outage, no gap, no duplicate; disconnect leaves no socket or timer', async () => {
    const resources = await trackResources();
    const store = new MemoryFollowedRoomStore();
    const { connection, phases, passes } = aliceConnection(pool, { followedRooms: store });
    await connection.connect();
    await connection.rooms.follow([ROOMS.releaseTrain]);
    const messages: RoomMessage[] = [];
    connection.rooms.onMessage((m) => messages.push(m));
    pool.post('sip:bob@contoso.com', ROOMS.releaseTrain, 'before the outage');
    await waitFor(() => messages.length === 1, 5000, 'the first message');
    const from = phases.length;
    const logFrom = pool.messageLog.length;
    pool.disconnectSession('sip:alice@contoso.com');
    for (let i = 0; i < 30; i++) pool.post('sip:carol@contoso.com', ROOMS.releaseTrain, `during the outage ${i}`);
    await passes('Connected', from);
    await waitFor(() => messages.length >= 31, 10_000, 'the 30 messages posted during the outage');
    pool.post('sip:bob@contoso.com', ROOMS.releaseTrain, 'after the outage');
    await waitFor(() => messages.length >= 32, 5000, 'the live message after');
    assert.deepEqual(messages.map((m) => m.text), ['before the outage', ...Array.from({ length: 30 }, (_, i) => `during the outage ${i}`), 'after the outage']);
    assert.ok(joinedOnServer(pool, ROOMS.releaseTrain), 'joined again on the server');
    const joins = pool.messageLog.slice(logFrom).filter((m) => m.direction === 'in' && /<cmd id="cmd:b?join"/.test(m.text));
    assert.equal(joins.length, 1, 'one command joined the followed rooms again');
    assert.match(joins[0].text, /cmd:bjoin/);
    assert.deepEqual(store.load().map((r) => r.uri), [ROOMS.releaseTrain]);
    await connection.disconnect();
    connection.dispose();
    await resources.check();
  });

  it('re-joins rooms joined without following (through rooms.join or straight on the endpoint) after a reconnect', async () => {
    const { connection, phases, passes } = aliceConnection(pool);
    await connection.connect();
    await connection.rooms.join([ROOMS.releaseTrain]);
    await connection.chatEndpoint!.joinChatRoom(ROOMS.coffeeCorner); // straight on the endpoint, as before RoomService
    assert.deepEqual(connection.joinedRooms, [ROOMS.releaseTrain, ROOMS.coffeeCorner]);
    const from = phases.length;
    pool.disconnectSession('sip:alice@contoso.com');
    await passes('Connected', from);
    await waitFor(() => connection.joinedRooms.includes(ROOMS.releaseTrain), 5000, 'the room joined again');
    assert.ok(joinedOnServer(pool, ROOMS.releaseTrain));
    await waitFor(() => joinedOnServer(pool, ROOMS.coffeeCorner), 5000, 'the room joined on the endpoint, joined again');
    assert.equal(connection.rooms.followed.length, 0, 'still not followed');
    await connection.disconnect();
    connection.dispose();
  });

  it('pages back through a 10,000-message room: each message once, oldest first, contiguous', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    const first = await connection.rooms.history(ROOMS.buildNotifications, { count: 25 });
    assert.equal(first.messages.length, 25);
    assert.equal(first.hasMore, true);
    let all = first.messages;
    for (let page = 0; page < 3; page++) {
      const older = await connection.rooms.history(ROOMS.buildNotifications, { count: 25, before: all[0].id });
      assert.equal(older.messages.length, 25);
      assert.equal(older.hasMore, true);
      assert.ok(older.messages.at(-1)!.time < all[0].time, 'the page ends just before the previous one');
      all = [...older.messages, ...all];
    }
    assert.equal(new Set(all.map((m) => m.id)).size, 100, 'no message twice');
    for (let i = 1; i < all.length; i++) assert.equal(all[i].time.getTime() - all[i - 1].time.getTime(), 60_000, `message ${i} follows ${i - 1} with none missing`);
    await connection.disconnect();
    connection.dispose();
  });

  it('in an auditorium the server refuses alice\'s first post (PostNotAllowed), then her next post fails before sending and the room says canPost false; a normal room stays writable', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await connection.rooms.follow([ROOMS.buildNotifications, ROOMS.releaseTrain]);
    const info = (uri: string) => connection.rooms.followed.find((r) => r.uri === uri);
    assert.equal(info(ROOMS.buildNotifications)?.canPost, undefined, 'the join does not say whether alice may post');
    const before = pool.messageLog.length;
    const refused = (pattern: RegExp) => (e: unknown) => LyncError.is(e, 'PostNotAllowed') && pattern.test((e as Error).message);
    await assert.rejects(connection.rooms.post(ROOMS.buildNotifications, 'can I post?'), refused(/You may read but not post/));
    assert.equal(info(ROOMS.buildNotifications)?.canPost, false);
    await assert.rejects(connection.rooms.post(ROOMS.buildNotifications, 'and now?'), refused(/the server refused your earlier post/));
    const attempts = pool.messageLog.slice(before).filter((m) => m.direction === 'in' && m.text.includes('<grpchat'));
    assert.equal(attempts.length, 1, 'the pool did not receive exactly one post attempt');
    await connection.rooms.post(ROOMS.releaseTrain, 'still writable');
    assert.notEqual(info(ROOMS.releaseTrain)?.canPost, false, 'a normal room became read-only');
    await connection.disconnect();
    connection.dispose();
  });

  it('reports participants coming and going (ntc:join / ntc:part) and alert messages', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await connection.rooms.follow([ROOMS.releaseTrain]);
    const changes: { joined: string[]; left: string[] }[] = [];
    const messages: RoomMessage[] = [];
    connection.rooms.onParticipantsChanged((c) => { if (c.roomUri === ROOMS.releaseTrain) changes.push({ joined: c.joined, left: c.left }); });
    connection.rooms.onMessage((m) => messages.push(m));
    pool.setPresence('sip:erin@contoso.com', ROOMS.releaseTrain, true);
    await waitFor(() => changes.length === 1, 5000, 'erin joining');
    assert.ok(connection.rooms.followed[0].participants.includes('sip:erin@contoso.com'));
    pool.setPresence('sip:erin@contoso.com', ROOMS.releaseTrain, false);
    await waitFor(() => changes.length === 2, 5000, 'erin leaving');
    assert.deepEqual(changes, [{ joined: ['sip:erin@contoso.com'], left: [] }, { joined: [], left: ['sip:erin@contoso.com'] }]);
    assert.ok(!connection.rooms.followed[0].participants.includes('sip:erin@contoso.com'));
    pool.post('sip:bob@contoso.com', ROOMS.releaseTrain, 'Production is down', { alert: true });
    await waitFor(() => messages.length === 1, 5000, 'the alert');
    assert.equal(messages[0].alert, true);
    await connection.disconnect();
    connection.dispose();
  });

  it('ends a room\'s session with a reason when the user is removed (NoAccess, NotAMember) or the room is deleted (Gone, RoomNotFound)', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await connection.rooms.follow([ROOMS.architectureGuild, ROOMS.coffeeCorner]);
    assert.deepEqual(connection.rooms.followed.map((r) => r.state), ['Joined', 'Joined']);
    pool.removeFromRoom('sip:alice@contoso.com', ROOMS.architectureGuild);
    await waitFor(() => connection.rooms.followed[0].state === 'NoAccess', 5000, 'the guild room to be NoAccess');
    assert.equal(connection.rooms.followed[0].reason?.code, 'NotAMember');
    pool.deleteRoom(ROOMS.coffeeCorner);
    await waitFor(() => connection.rooms.followed[1].state === 'Gone', 5000, 'Coffee Corner to be Gone');
    assert.equal(connection.rooms.followed[1].reason?.code, 'RoomNotFound');
    assert.ok(!joinedOnServer(pool, ROOMS.architectureGuild));
    await connection.disconnect();
    connection.dispose();
  });
});

describe('Rooms: invitations, unread markers (a fresh pool)', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  after(async () => { await pool?.stop(); });

  it('accepting an invitation joins and follows the room; an invitation for a followed room is not offered', async () => {
    const store = new MemoryFollowedRoomStore();
    const { connection, invitations } = aliceConnection(pool, { followedRooms: store });
    await connection.connect();
    const guild = connection.pendingInvitations.find((i) => i.room.uri === ROOMS.architectureGuild);
    assert.ok(guild, 'the stored invitation to the Architecture Guild');
    await connection.acceptInvitation(guild.id);
    assert.deepEqual(connection.rooms.followed.map((r) => [r.uri, r.state]), [[ROOMS.architectureGuild, 'Joined']]);
    assert.deepEqual(store.load().map((r) => r.uri), [ROOMS.architectureGuild]);
    await connection.rooms.follow([ROOMS.releaseTrain]);
    const before = invitations.length;
    pool.inviteUser('sip:alice@contoso.com', ROOMS.releaseTrain, 'sip:bob@contoso.com');
    pool.inviteUser('sip:alice@contoso.com', ROOMS.incidentBridge, 'sip:bob@contoso.com');
    await waitFor(() => invitations.length > before, 5000, 'the Incident Bridge invitation');
    assert.deepEqual(invitations.slice(before).map((i) => i.room.uri), [ROOMS.incidentBridge], 'only the room not followed is offered');
    await connection.disconnect();
    connection.dispose();
  });

  it('keeps a last-read marker with the followed rooms: unread and mention counts after a restart, zero after markRead', async () => {
    const store = new MemoryFollowedRoomStore();
    const first = aliceConnection(pool, { followedRooms: store });
    await first.connection.connect();
    await first.connection.rooms.follow([ROOMS.releaseTrain]);
    assert.equal(first.connection.rooms.followed[0].unread, 0, 'a newly followed room starts read');
    await first.connection.disconnect();
    first.connection.dispose();
    assert.ok(store.load()[0].lastReadTime, 'the marker is stored');

    pool.post('sip:bob@contoso.com', ROOMS.releaseTrain, 'while you were away');
    pool.post('sip:carol@contoso.com', ROOMS.releaseTrain, '@alice can you review?');
    const second = aliceConnection(pool, { followedRooms: store });
    await second.connection.connect();
    await waitFor(() => second.connection.rooms.followed[0]?.state === 'Joined' && second.connection.rooms.followed[0].unread === 2, 5000, 'two unread');
    assert.equal(second.connection.rooms.followed[0].mentions, 1);
    second.connection.rooms.markRead(ROOMS.releaseTrain);
    assert.equal(second.connection.rooms.followed[0].unread, 0);
    assert.equal(second.connection.rooms.followed[0].mentions, 0);
    await second.connection.disconnect();
    second.connection.dispose();
  });
});
