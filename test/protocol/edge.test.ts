import assert from 'node:assert/strict';
import { accessLocation, webServiceUrlsFor } from '../../src/endpoint/provisioning';
import type { RoomMessage } from '../../src/persistentChat/rooms/types';
import type { SimulatedLyncPool } from '../../simulator/pool';
import { aliceConnection, ROOMS } from './helpers/connection';
import { trackResources } from './helpers/leaks';
import { waitFor } from './helpers/net';
import { aliceEndpoint, startPool } from './helpers/pool';

/**
 * A remote user through the simulated Access Edge (simulator/edge/), in process over real sockets:
 * the client connects to the Edge by a name its certificate carries (localhost, beside sip.contoso.com; the
 * namespace tests in edgeNetns.test.ts resolve sip.contoso.com itself), the pool authenticates through
 * the Edge, and every dialog is Record-Routed by it.
 */
describe('signing in from outside the office through an Access Edge (simulated Edge and pool, real sockets)', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool({ edge: true }); });
  after(async () => { await pool?.stop(); });

  const throughEdge = () => aliceConnection(pool, { transport: 'tls', endpoint: { server: `localhost:${pool.addresses.edgeTls?.port ?? 0}` } });
  const poolReceived = (first: RegExp) => pool.messageLog.filter((m) => m.direction === 'in' && first.test(m.firstLine));
  const edgeSent = (direction: 'client' | 'inwards' | 'outwards', first: RegExp) => (pool.accessEdge?.relayed ?? []).filter((m) => m.direction === direction && first.test(m.firstLine));

  it('signs in as RemoteUser, reaches Persistent Chat and chooses the external room management address', async () => {
    const resources = await trackResources();
    const { connection } = throughEdge();
    await connection.connect();
    assert.equal(connection.status.phase, 'Connected');
    assert.equal(connection.chatEndpoint?.state, 'Established');
    const register200 = edgeSent('outwards', /^SIP\/2\.0 200 /).find((m) => /\r\nCSeq: \d+ REGISTER\r\n/i.test(m.text));
    assert.match(register200?.text ?? '', /\r\nms-user-logon-data: RemoteUser\r\n/i, 'the registrar said RemoteUser');
    assert.equal(connection.roomManagementUrl, 'https://ext.contoso.com/persistentchat/rm/', 'the external address (PersistentChatWebManagerUriExt)');
    await connection.disconnect();
    connection.dispose();
    await resources.check();
  });

  it('the endpoint learns it is remote only through the Edge, and then takes the external web addresses from provisioning', async () => {
    const chosen = async (server: string) => {
      const endpoint = aliceEndpoint(pool, 'tls', { server });
      try {
        await endpoint.establish();
        const remote = endpoint.registration?.remoteUser ?? false;
        return { remote, urls: webServiceUrlsFor(await endpoint.getProvisioningData(), accessLocation(remote)) };
      } finally {
        await endpoint.terminate();
      }
    };
    const outside = await chosen(`localhost:${pool.addresses.edgeTls?.port ?? 0}`);
    const inside = await chosen(`localhost:${pool.addresses.tls.port}`);
    assert.equal(outside.remote, true, 'RemoteUser through the Edge');
    assert.equal(inside.remote, false, 'not RemoteUser straight to the pool');
    assert.equal(outside.urls.addressBook, 'https://ext.contoso.com/abs/handler');
    assert.equal(outside.urls.roomManagement, 'https://ext.contoso.com/persistentchat/rm/');
    assert.equal(inside.urls.addressBook, 'https://pool0.contoso.com/abs/handler');
    assert.equal(inside.urls.roomManagement, 'https://pool0.contoso.com/persistentchat/rm/');
  });

  it('the pool receives every request with the Edge\'s Via on top and ms-edge-proxy-message-trust; dialogs are Record-Routed by the Edge', async () => {
    const { connection } = throughEdge();
    await connection.connect();
    const register = poolReceived(/^REGISTER /).at(-1)?.text ?? '';
    assert.match(register, /\r\nVia: SIP\/2\.0\/TLS sip\.contoso\.com:\d+;branch=z9hG4bK[^\r]*\r\nVia: SIP\/2\.0\/TLS /, 'the Edge\'s Via above the client\'s');
    assert.match(register, /\r\nms-edge-proxy-message-trust: ms-source-type=InternetUser;ms-ep-fqdn=sip\.contoso\.com/);
    const invite = poolReceived(/^INVITE sip:PersistentChatService@/).at(-1)?.text ?? '';
    assert.match(invite, /\r\nRecord-Route: <sip:sip\.contoso\.com:\d+;transport=tls;lr>\r\n/, 'the chat server INVITE is Record-Routed');
    await connection.disconnect();
    connection.dispose();
  });

  it('the client sends its in-dialog chat requests with the Edge in the Route header, and the Edge takes it off before the pool', async () => {
    const { connection } = throughEdge();
    await connection.connect();
    const messages: RoomMessage[] = [];
    connection.rooms.onMessage((m) => messages.push(m));
    await connection.rooms.follow([ROOMS.releaseTrain]);
    pool.post('sip:bob@contoso.com', ROOMS.releaseTrain, 'from the office');
    await waitFor(() => messages.some((m) => m.text === 'from the office'), 5000, 'bob\'s message through the Edge');
    const posted = await connection.rooms.post(ROOMS.releaseTrain, 'from the train');
    assert.equal(posted.own, true);
    const sent = edgeSent('client', /^INFO /);
    assert.ok(sent.length > 0, 'the client sent INFO to the Edge');
    for (const info of sent) assert.match(info.text, /\r\nRoute: <sip:sip\.contoso\.com:\d+;transport=tls;lr>\r\n/i, 'the route set the 200 OK\'s Record-Route gave');
    const infosAtPool = poolReceived(/^INFO /);
    assert.ok(infosAtPool.length >= sent.length, 'every INFO reached the pool');
    assert.ok(infosAtPool.every((m) => !/\r\nRoute:/i.test(m.text)), 'the Edge took its Route entry off');
    await connection.disconnect();
    connection.dispose();
    const byes = poolReceived(/^BYE /);
    assert.ok(byes.length > 0, 'the chat dialogs were ended with BYE through the Edge');
  });

  it('through the Edge: the room list, a room\'s history and an invitation pushed into the live session', async () => {
    const { connection, invitations } = throughEdge();
    await connection.connect();
    const rooms = await connection.rooms.find('');
    assert.ok(rooms.some((r) => r.uri === ROOMS.releaseTrain), 'the room list');
    const history = await connection.rooms.history(ROOMS.releaseTrain, { count: 3 });
    assert.ok(history.messages.length > 0, 'the history');
    const before = invitations.length;
    pool.inviteUser('sip:alice@contoso.com', ROOMS.incidentBridge, 'sip:bob@contoso.com');
    await waitFor(() => invitations.length > before, 5000, 'the pushed invitation through the Edge');
    assert.equal(invitations.at(-1)?.room.uri, ROOMS.incidentBridge);
    assert.ok(edgeSent('outwards', /^INFO /).length > 0, 'the chat server\'s INFOs went out through the Edge');
    await connection.disconnect();
    connection.dispose();
  });

  it('a chat session ended by the server through the Edge is opened again, and a short session is refreshed with UPDATE along the route set', async () => {
    const short = await startPool({ edge: true, chatSessionExpiresSec: 11 });
    try {
      const { connection } = aliceConnection(short, { transport: 'tls', endpoint: { server: `localhost:${short.addresses.edgeTls?.port ?? 0}` } });
      await connection.connect();
      const chatInvites = () => short.messageLog.filter((m) => m.direction === 'in' && /^INVITE sip:PersistentChatService@/.test(m.firstLine)).length;
      const before = chatInvites();
      assert.ok(short.disconnectSession('sip:alice@contoso.com') > 0, 'the chat server sent BYE');
      await waitFor(() => chatInvites() > before && connection.chatEndpoint?.state === 'Established', 10_000, 'the chat session opened again');
      await waitFor(() => (short.accessEdge?.relayed ?? []).some((m) => m.direction === 'client' && /^UPDATE /.test(m.firstLine)), 10_000, 'the session refresh');
      const update = (short.accessEdge?.relayed ?? []).find((m) => m.direction === 'client' && /^UPDATE /.test(m.firstLine));
      assert.match(update?.text ?? '', /\r\nRoute: <sip:sip\.contoso\.com:\d+;transport=tls;lr>\r\n/i, 'the UPDATE follows the route set');
      await waitFor(() => short.messageLog.some((m) => m.direction === 'out' && /^SIP\/2\.0 200 /.test(m.firstLine) && /\r\nCSeq: \d+ UPDATE\r\n/.test(m.text)), 5000, 'the pool to accept the UPDATE');
      await connection.disconnect();
      connection.dispose();
    } finally {
      await short.stop();
    }
  });

  it('when the pool drops the security association, a post through the Edge runs the handshake again through it and completes', async () => {
    const { connection, phases } = throughEdge();
    await connection.connect();
    await connection.rooms.follow([ROOMS.releaseTrain]);
    const phasesBefore = phases.length;
    const mark = pool.messageLog.length;
    assert.equal(pool.dropSecurityAssociation('sip:alice@contoso.com'), 1, 'one association, on the Edge\'s connection for alice');
    const posted = await connection.rooms.post(ROOMS.releaseTrain, 'after the drop');
    assert.equal(posted.own, true);
    const since = pool.messageLog.slice(mark);
    assert.ok(since.some((m) => m.direction === 'out' && /^SIP\/2\.0 401 /.test(m.firstLine) && /\r\nCSeq: \d+ INFO\r\n/.test(m.text)), 'the INFO was challenged');
    assert.ok(since.some((m) => m.direction === 'out' && /^SIP\/2\.0 200 /.test(m.firstLine) && /\r\nCSeq: \d+ REGISTER\r\n/.test(m.text)), 'a new handshake through the Edge');
    assert.deepEqual(phases.slice(phasesBefore), [], 'no reconnect, no error phase');
    await connection.disconnect();
    connection.dispose();
  });

  it('offers the client only NTLM: the pool\'s Kerberos offer does not cross the Edge', async () => {
    const { connection } = throughEdge();
    await connection.connect();
    // the logs redact offer values: count the offers of the first 401 (the pool's offers, before the NTLM CHALLENGE)
    const offers = (text: string | undefined) => (text ?? '').split('\r\n').filter((l) => /^WWW-Authenticate:/i.test(l)).length;
    const firstOut = edgeSent('outwards', /^SIP\/2\.0 401 /).at(-2)?.text;
    const firstAtPool = pool.messageLog.filter((m) => m.direction === 'out' && /^SIP\/2\.0 401 /.test(m.firstLine)).at(-2)?.text;
    assert.equal(offers(firstAtPool), 2, 'the pool offers NTLM and Kerberos');
    assert.equal(offers(firstOut), 1, 'the client gets the NTLM offer only');
    await connection.disconnect();
    connection.dispose();
  });
});
