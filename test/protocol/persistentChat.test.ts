import assert from 'node:assert/strict';
import { MemoryInvitationStore } from '../../src/persistentChat/invitationStore';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceConnection, ROOMS } from './helpers/connection';
import { trackResources } from './helpers/leaks';
import { waitFor } from './helpers/net';
import { startPool } from './helpers/pool';

const invitesTo = (pool: SimulatedLyncPool, target: RegExp) =>
  pool.messageLog.filter((m) => m.direction === 'in' && /^INVITE /.test(m.text) && target.test(m.text.split('\r\n')[0]));

describe('PersistentChatEndpoint through ChatConnection against the simulated pool', function () {
  describe('Lync 2013 pool (provisioned Persistent Chat URI)', () => {
    let pool: SimulatedLyncPool;
    before(async () => { pool = await startPool(); });
    after(async () => { await pool?.stop(); });

    it('reads provisioning, looks up the chat server, and reaches Established with the pending invitation', async () => {
      const resources = await trackResources();
      const { connection, invitations } = aliceConnection(pool);
      const chatStates: string[] = [];
      connection.onEndpointStateChanged((e) => { if (e.endpoint === 'chat') chatStates.push(e.change.state); });
      await connection.connect();
      assert.equal(connection.status.phase, 'Connected');
      assert.deepEqual(chatStates, ['Establishing', 'Established']);
      assert.equal(invitesTo(pool, /^INVITE sip:PersistentChatPool@contoso\.com /).length, 1, 'the lookup went to the provisioned pool URI');
      assert.equal(connection.status.chatServerUri, pool.config.chatServerUri, 'the chat server from rpl:requri');
      assert.equal(invitations.length, 1);
      const [invitation] = invitations;
      assert.equal(invitation.id, 1);
      assert.equal(invitation.createdOn.toISOString(), '2026-11-24T08:30:00.000Z');
      assert.equal(invitation.room.uri, ROOMS.architectureGuild);
      assert.equal(invitation.room.name, 'Architecture Guild');
      assert.ok(invitation.room.description, 'the room description came with it');
      assert.equal(invitation.inviter, 'sip:carol@contoso.com');
      await connection.disconnect();
      connection.dispose();
      assert.ok(pool.messageLog.some((m) => m.direction === 'in' && /^BYE /.test(m.text)), 'the chat dialog was ended with BYE');
      await resources.check();
    });

    it('raises ChatRoomInvitationReceived for an invitation pushed into the live session', async () => {
      const { connection, invitations } = aliceConnection(pool);
      await connection.connect();
      const before = invitations.length;
      pool.inviteUser('sip:alice@contoso.com', ROOMS.incidentBridge, 'sip:bob@contoso.com');
      await waitFor(() => invitations.length > before, 5000, 'the pushed invitation');
      const pushed = invitations.at(-1)!;
      assert.equal(pushed.room.uri, ROOMS.incidentBridge);
      assert.equal(pushed.room.name, 'Incident Bridge');
      assert.equal(pushed.inviter, 'sip:bob@contoso.com');
      assert.ok(pushed.id > 1);
      await connection.disconnect();
      connection.dispose();
    });

    it('accepting an invitation joins the room; a dismissed invitation does not come back on reconnect', async () => {
      const store = new MemoryInvitationStore();
      const first = aliceConnection(pool, { invitations: store });
      await first.connection.connect();
      const pending = first.connection.pendingInvitations;
      assert.ok(pending.length >= 2, 'the stored one and the one pushed before');
      const [keep, drop] = pending;
      await first.connection.acceptInvitation(keep.id);
      assert.ok(first.connection.joinedRooms.includes(keep.room.uri));
      assert.ok(pool.chatSessions().some((s) => s.userUri === 'sip:alice@contoso.com' && s.rooms.includes(keep.room.uri)), 'the server has alice in the room');
      first.connection.dismissInvitation(drop.id);
      assert.equal(first.connection.pendingInvitations.length, pending.length - 2);
      await first.connection.disconnect();
      first.connection.dispose();

      // A new session with the same invitation store: nothing handled comes back.
      const second = aliceConnection(pool, { invitations: store });
      await second.connection.connect();
      assert.deepEqual(second.invitations.map((i) => i.id).filter((id) => id === keep.id || id === drop.id), []);
      await second.connection.disconnect();
      second.connection.dispose();
    });
  });

  describe('Lync 2010 pool (no Persistent Chat provisioning)', () => {
    let pool: SimulatedLyncPool;
    before(async () => { pool = await startPool({ lync2010: true }); });
    after(async () => { await pool?.stop(); });

    it('falls back to sip:ocschat@<domain> and reaches Established', async () => {
      const { connection } = aliceConnection(pool);
      await connection.connect();
      assert.equal(connection.status.phase, 'Connected');
      assert.equal(invitesTo(pool, /^INVITE sip:ocschat@contoso\.com /).length, 1);
      await connection.disconnect();
      connection.dispose();
    });
  });

  describe('override', () => {
    let pool: SimulatedLyncPool;
    before(async () => { pool = await startPool(); });
    after(async () => { await pool?.stop(); });

    it('uses the configured chat URI instead of the provisioned one and skips provisioning', async () => {
      const { connection } = aliceConnection(pool, { chatUri: 'sip:ocschat@contoso.com' });
      await connection.connect();
      assert.equal(connection.status.phase, 'Connected');
      assert.equal(invitesTo(pool, /^INVITE sip:ocschat@contoso\.com /).length, 1);
      assert.equal(invitesTo(pool, /^INVITE sip:PersistentChatPool@/).length, 0);
      assert.ok(!pool.messageLog.some((m) => m.direction === 'in' && /^SUBSCRIBE /.test(m.text) && /vnd-microsoft-provisioning-v2/.test(m.text)));
      await connection.disconnect();
      connection.dispose();
    });
  });
});
