/**
 * Fidelity of the Access Edge: the real pidgin-sipe (an independent Lync client) signs in through
 * the simulated Edge over TLS. It must complete the NTLM handshake the pool runs through the Edge
 * (verifying every signature), see RemoteUser, open the Persistent Chat session over the
 * Record-Routed dialogs and join a room: what sipe does through a real Edge.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SimulatedLyncPool } from '../pool';
import { requireSipe, sipeRunCleanup, SipeRun, waitForSipe } from '../sipeHarness';
import { PKI_DIR } from '../simTestUtil';

describe('fidelity: the real pidgin-sipe through the simulated Access Edge (TLS)', function () {
  this.timeout(120_000);
  let pool: SimulatedLyncPool;
  let sipe: SipeRun | undefined;
  sipeRunCleanup(() => sipe, () => pool?.stop());
  let roomUri = '';

  before(async function () {
    requireSipe(this);
    pool = await SimulatedLyncPool.start({ ntlmVersion: 4, edge: true });
    roomUri = pool.rooms().find((r) => r.members.includes('sip:alice@contoso.com') || r.managers.includes('sip:alice@contoso.com'))?.uri ?? '';
    assert.ok(roomUri, 'the default catalogue has a room alice belongs to');
    sipe = SipeRun.start({
      host: '127.0.0.1', port: pool.addresses.edgeTls?.port ?? 0, transport: 'tls',
      user: 'alice@contoso.com', password: 'secret', login: 'CONTOSO\\alice',
      tlsPeerCert: join(PKI_DIR, 'edge.pem'), autojoinRoomUri: roomUri,
    });
  });

  const received = (pattern: RegExp) => (sipe?.messages() ?? []).some((m) => m.direction === 'received' && pattern.test(m.text));

  it('signs in through the Edge: the REGISTER 200 OK it receives says RemoteUser, and it validates the pool\'s signatures', async () => {
    await waitForSipe(() => received(/^SIP\/2\.0 200 OK[\s\S]*\nCSeq: \d+ REGISTER\n/), 'REGISTER 200 OK');
    const ok = (sipe?.messages() ?? []).find((m) => m.direction === 'received' && /^SIP\/2\.0 200 OK[\s\S]*\nCSeq: \d+ REGISTER\n/.test(m.text));
    assert.match(ok?.text ?? '', /\nms-user-logon-data: RemoteUser\n/, 'RemoteUser in the 200 OK');
    await waitForSipe(() => ((sipe?.debugLog() ?? '').match(/signature of incoming message validated/g) ?? []).length >= 3, 'sipe to validate three signatures');
    assert.deepEqual(pool.log.notes.filter((n) => /invalid MS-SIPAE signature|dropped unsigned|unsigned REGISTER/.test(n)), []);
    assert.ok(pool.log.notes.some((n) => /relayed by the Access Edge sip\.contoso\.com/.test(n)), 'the pool saw the Edge\'s connection');
  });

  it('opens the Persistent Chat session over Record-Routed dialogs and joins a room, its in-dialog requests routed through the Edge', async () => {
    await waitForSipe(() => pool.chatSessions().some((s) => s.rooms.includes(roomUri)), 'the chat layer to list alice in the room');
    const fromSipe = (pool.accessEdge?.relayed ?? []).filter((m) => m.direction === 'client' && /^INFO /.test(m.firstLine));
    assert.ok(fromSipe.length > 0, 'sipe sent XCCOS INFOs');
    for (const info of fromSipe) assert.match(info.text, /\r\nRoute: <sip:sip\.contoso\.com:\d+;transport=tls;lr>\r\n/i, `sipe routed its INFO through the Edge:\n${info.text}`);
  });
});
