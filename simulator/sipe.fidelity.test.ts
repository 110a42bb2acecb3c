/**
 * Fidelity: the real pidgin-sipe (an independent Lync client) against the simulated pool, over
 * TCP and TLS. It must sign in with NTLM (MS-SIPAE v4, verifying every signature we send), fetch
 * provisioning, open the Persistent Chat session at the provisioned lookup URI (ocschat@ in Lync
 * 2010 mode) and join a room. Listing rooms through finch's Room List, posts and history are the
 * chat layer's fidelity test (simulator/chat/sipe.chat.fidelity.test.ts).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SimulatedLyncPool } from './pool';
import { requireSipe, sipeRunCleanup, SipeRun, waitForSipe } from './sipeHarness';
import { PKI_DIR } from './simTestUtil';
import { aorOf } from './uri';

const POOL_URI = 'sip:PersistentChatPool@contoso.com';
const OCSCHAT_URI = 'sip:ocschat@contoso.com';
const RUNS = [
  { transport: 'tcp', lync2010: false },
  { transport: 'tls', lync2010: false },
  { transport: 'tcp', lync2010: true },
] as const;

describe('fidelity: the real pidgin-sipe against the simulated pool', function () {
  this.timeout(120_000);

  before(function () {
    requireSipe(this);
  });

  for (const { transport, lync2010 } of RUNS) {
    const lookupUri = lync2010 ? OCSCHAT_URI : POOL_URI;
    describe(`over ${transport.toUpperCase()}${lync2010 ? ', Lync 2010 mode' : ''}`, () => {
      let pool: SimulatedLyncPool;
      let sipe: SipeRun | undefined;
      let roomUri = '';
      const cleanup = sipeRunCleanup(() => sipe, () => pool?.stop());

      const inbound = (pattern: RegExp) => pool.messageLog.filter((e) => e.direction === 'in' && pattern.test(e.text));
      const outbound = (pattern: RegExp) => pool.messageLog.filter((e) => e.direction === 'out' && pattern.test(e.text));

      before(async () => {
        pool = await SimulatedLyncPool.start({ ntlmVersion: 4, lync2010 });
        const room = pool.rooms().find((r) => r.members.includes('sip:alice@contoso.com') || r.managers.includes('sip:alice@contoso.com'));
        assert.ok(room, 'the default catalogue has a room alice belongs to');
        roomUri = room.uri;
        sipe = SipeRun.start({
          host: '127.0.0.1',
          port: transport === 'tls' ? pool.addresses.tls.port : pool.addresses.tcp.port,
          transport,
          user: 'alice@contoso.com',
          password: 'secret',
          login: 'CONTOSO\\alice',
          tlsPeerCert: transport === 'tls' ? join(PKI_DIR, 'server.pem') : undefined,
          autojoinRoomUri: roomUri,
        });
        const run = sipe;
        const received = (pattern: RegExp) => run.messages().some((m) => m.direction === 'received' && pattern.test(m.text));
        const sent = (pattern: RegExp) => run.messages().some((m) => m.direction === 'sent' && pattern.test(m.text));
        try {
          await waitForSipe(() => received(/^SIP\/2\.0 200 OK[\s\S]*\nCSeq: \d+ REGISTER\n/), 'REGISTER 200 OK');
          await waitForSipe(() => received(/^SIP\/2\.0 200 OK[\s\S]*\nEvent: vnd-microsoft-provisioning-v2\n/), 'provisioning 200 OK');
          await waitForSipe(() => sent(new RegExp(`^INVITE ${lookupUri} SIP/2\\.0\\n`)), `INVITE to ${lookupUri}`);
        } catch (error) {
          cleanup.markFailed();
          throw error;
        }
      });

      it('signs in with connection-less NTLM: 401 offer, 401 CHALLENGE, signed AUTHENTICATE, 200 with GRUU', () => {
        const register = pool.messageLog.filter((e) => /^CSeq: \d+ REGISTER\r?$/m.test(e.text)).slice(0, 6);
        assert.deepEqual(register.map((e) => `${e.direction} ${e.firstLine}`), [
          'in REGISTER sip:contoso.com SIP/2.0', 'out SIP/2.0 401 Unauthorized',
          'in REGISTER sip:contoso.com SIP/2.0', 'out SIP/2.0 401 Unauthorized',
          'in REGISTER sip:contoso.com SIP/2.0', 'out SIP/2.0 200 OK',
        ]);
        assert.ok(pool.log.notes.some((n) => /NTLM AUTHENTICATE: CONTOSO\\alice .*proof OK/.test(n)), 'the NTLMv2 proof checked out');
        assert.ok(pool.registrations().some((r) => r.userUri === 'sip:alice@contoso.com' && /;opaque=user:epid:/.test(r.gruu ?? '')));
        assert.equal(pool.connections()[0]?.transport, transport.toUpperCase());
      });

      it('every message sipe sent after the handshake was validly signed, and sipe validated every signature of ours', async () => {
        // sipe writes its debug log as it goes: wait until it has validated the pool's first five signed replies.
        await waitForSipe(() => ((sipe?.debugLog() ?? '').match(/signature of incoming message validated/g) ?? []).length >= 5, 'sipe to validate five signatures');
        assert.deepEqual(pool.log.notes.filter((n) => /invalid MS-SIPAE signature|dropped unsigned|unsigned REGISTER/.test(n)), []);
        const log = sipe?.debugLog() ?? '';
        const validated = (log.match(/signature of incoming message validated/g) ?? []).length;
        assert.ok(validated >= 5, `sipe validated ${validated} signatures`);
        assert.doesNotMatch(log, /[Ii]nvalid message signature|signature of incoming message invalid|could not verify/);
        const firstOk = pool.messageLog.findIndex((e) => e.direction === 'out' && e.firstLine === 'SIP/2.0 200 OK');
        const unsigned = pool.messageLog.slice(firstOk).filter((e) => e.direction === 'out' && !/^Authentication-Info: /m.test(e.text));
        assert.deepEqual(unsigned.map((e) => e.firstLine), [], 'everything the pool sent after the SA carries Authentication-Info');
      });

      it(lync2010
        ? 'fetches provisioning without a Persistent Chat group and falls back to ocschat@domain'
        : 'fetches provisioning and uses its DefaultPersistentChatPoolUri as the lookup URI', async () => {
        // sipe logged its INVITE as sent: wait until the pool has read it too.
        await waitForSipe(() => inbound(new RegExp(`^INVITE ${lookupUri} SIP/2\\.0`)).length >= 1, `the pool to receive the INVITE to ${lookupUri}`);
        assert.equal(inbound(/^SUBSCRIBE [^\n]*\n[\s\S]*^Event: vnd-microsoft-provisioning-v2\r?$/m).length, 1);
        const provisioning = outbound(/^SIP\/2\.0 200 OK[\s\S]*^Event: vnd-microsoft-provisioning-v2\r?$/m);
        assert.equal(provisioning.length, 1);
        assert.equal(/persistentChatConfiguration/.test(provisioning[0]?.text ?? ''), !lync2010);
        assert.ok(inbound(new RegExp(`^INVITE ${lookupUri} SIP/2\\.0`)).length >= 1, `sipe INVITEd ${lookupUri}`);
        const other = lync2010 ? POOL_URI : OCSCHAT_URI;
        assert.equal(inbound(new RegExp(`^INVITE ${other} `)).length, 0, `not ${other}`);
      });

      it('opens the Persistent Chat session: lookup INVITE, cmd:requri, INVITE to the chat server', async () => {
        const chatServer = aorOf(pool.config.chatServerUri).replace('sip:', '');
        await waitForSipe(() => outbound(new RegExp(`^SIP/2\\.0 200 OK[\\s\\S]*^To: <sip:${chatServer}`, 'mi')).length > 0, 'the chat server INVITE 200 OK');
        assert.ok(inbound(/<cmd id="cmd:requri"/).length >= 1);
        assert.ok(outbound(/<rpl id="rpl:requri"/).length >= 1);
        assert.ok(inbound(new RegExp(`^INVITE sip:${chatServer}`, 'i')).length >= 1);
        assert.ok(pool.chatSessions().some((s) => s.userUri === 'sip:alice@contoso.com' && s.kind === 'chat'));
      });

      it('joins the room finch auto-joins from its buddy list', async () => {
        const roomId = roomUri.split('/').pop() ?? roomUri; // sipe names the room by its chanid value
        await waitForSipe(() => inbound(/<cmd id="cmd:b?join"/).some((e) => e.text.includes(roomId)), `a join of ${roomUri}`);
        await waitForSipe(() => outbound(/<rpl id="rpl:b?join"/).some((e) => e.text.includes(roomUri)), 'the join reply');
        await waitForSipe(() => pool.chatSessions().some((s) => s.rooms.includes(roomUri)), 'the chat layer to list alice in the room');
        await waitForSipe(() => /joined room '[^']+' \(/.test(sipe?.debugLog() ?? ''), 'sipe to report the room joined');
      });
    });
  }
});
