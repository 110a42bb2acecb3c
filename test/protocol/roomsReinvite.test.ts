import assert from 'node:assert/strict';
import type { ChatConnection } from '../../src/persistentChat/chatConnection';
import type { ChatRoomInvitation } from '../../src/persistentChat/xccos/types';
import { MemoryFollowedRoomStore } from '../../src/persistentChat/rooms/followedRoomStore';
import type { RoomMessage } from '../../src/persistentChat/rooms/types';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceConnection, ROOMS } from './helpers/connection';
import { waitFor } from './helpers/net';
import { startPool } from './helpers/pool';

const ALICE = 'sip:alice@contoso.com';

describe('Rooms: re-invited to a followed room the user was removed from (a fresh pool)', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  after(async () => { await pool?.stop(); });

  it('offers the new invitation for the NoAccess room; accepting it joins the room again (Joined, history, live messages)', async () => {
    const { connection, invitations } = aliceConnection(pool);
    try {
      await reinvited(connection, invitations);
    } finally {
      await connection.disconnect();
      connection.dispose();
    }
  });

  it('a re-invitation that came while the client was off: the followed room is joined again on connect, and the invitation, with nothing left to accept, is not offered', async () => {
    const store = new MemoryFollowedRoomStore();
    const first = aliceConnection(pool, { followedRooms: store });
    try {
      await first.connection.connect();
      await first.connection.rooms.follow([ROOMS.architectureGuild]);
      assert.equal(pool.removeFromRoom(ALICE, ROOMS.architectureGuild), 1);
      await waitFor(() => first.connection.rooms.followed[0]?.state === 'NoAccess', 5000, 'the guild room to be NoAccess');
    } finally {
      await first.connection.disconnect();
      first.connection.dispose();
    }
    const invited = pool.inviteUser(ALICE, ROOMS.architectureGuild, 'sip:carol@contoso.com');
    assert.ok(invited, 'the simulator made an invitation');

    const second = aliceConnection(pool, { followedRooms: store });
    try {
      await second.connection.connect();
      await second.connection.rooms.settled();
      assert.equal(second.connection.rooms.followed[0]?.state, 'Joined', 'the followed room is joined again');
      await waitFor(() => !second.connection.pendingInvitations.some((i) => i.room.uri === ROOMS.architectureGuild), 5000, 'no invitation to the joined guild to be pending');
      assert.deepEqual(second.invitations.filter((i) => i.room.uri === ROOMS.architectureGuild), [], 'an invitation to a room joined on connect was announced');
    } finally {
      await second.connection.disconnect();
      second.connection.dispose();
    }
  });

  async function reinvited(connection: ChatConnection, invitations: ChatRoomInvitation[]): Promise<void> {
    await connection.connect();
    assert.ok(connection.pendingInvitations.some((i) => i.room.uri === ROOMS.architectureGuild), 'the pool\'s stored invitation to the guild');
    await connection.rooms.follow([ROOMS.architectureGuild]);
    const guild = () => connection.rooms.followed.find((r) => r.uri === ROOMS.architectureGuild);
    assert.equal(guild()?.state, 'Joined');
    assert.ok(!connection.pendingInvitations.some((i) => i.room.uri === ROOMS.architectureGuild), 'following the room (not through the invitation) leaves its invitation pending');

    assert.equal(pool.removeFromRoom(ALICE, ROOMS.architectureGuild), 1);
    await waitFor(() => guild()?.state === 'NoAccess', 5000, 'the guild room to be NoAccess');
    pool.post('sip:carol@contoso.com', ROOMS.architectureGuild, 'posted while alice was out');

    const before = invitations.length;
    const invited = pool.inviteUser(ALICE, ROOMS.architectureGuild, 'sip:carol@contoso.com');
    assert.ok(invited, 'the simulator made an invitation');
    await waitFor(() => invitations.length > before, 5000, 'the re-invitation to be offered (onInvitationReceived)');
    assert.deepEqual(invitations.slice(before).map((i) => [i.id, i.room.uri]), [[invited.id, ROOMS.architectureGuild]]);
    assert.deepEqual(connection.pendingInvitations.map((i) => i.id).filter((id) => id === invited.id), [invited.id], 'the re-invitation is pending');
    assert.equal(guild()?.state, 'NoAccess', 'being invited does not by itself join the room');

    await connection.acceptInvitation(invited.id);
    assert.equal(guild()?.state, 'Joined');
    assert.equal(guild()?.reason, undefined, 'the NoAccess reason is cleared');
    assert.ok(!connection.pendingInvitations.some((i) => i.id === invited.id), 'the accepted invitation is no longer pending');
    assert.equal(connection.rooms.followed.filter((r) => r.uri === ROOMS.architectureGuild).length, 1, 'the room is followed once');
    const history = await connection.rooms.history(ROOMS.architectureGuild, { count: 5 });
    assert.ok(history.messages.some((m) => m.text === 'posted while alice was out'), 'the history includes what was posted while removed');

    const messages: RoomMessage[] = [];
    connection.rooms.onMessage((m) => messages.push(m));
    pool.post('sip:carol@contoso.com', ROOMS.architectureGuild, 'welcome back alice');
    await waitFor(() => messages.some((m) => m.text === 'welcome back alice'), 5000, 'a live message after re-joining');
  }
});
