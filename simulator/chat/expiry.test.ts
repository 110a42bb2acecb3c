import * as assert from 'node:assert/strict';
import { CHAT_SERVER_URI, Harness, ManualTimers, SipeClient, connectChat, createHarness, waitFor } from './testSupport';

const JOIN_RELEASE = '<data><chanid key="0" domain="contoso.com" value="b8e09fad-f018-4eb5-8967-5b9c819093f7"/></data>';

function byes(client: SipeClient) {
  return client.session.sent.filter((t) => t.startsWith('BYE '));
}

describe('sim chat: session expiry, stale dialogs, dispose', () => {
  describe('with real timers', () => {
    let h: Harness;
    afterEach(() => h.service.dispose());

    it('sends BYE into a chat dialog that stays idle for Session-Expires, and forgets it once answered', async () => {
      h = createHarness({ sessionExpiresSec: 0.2 });
      const alice = connectChat(h.service, 'alice', 1);
      await waitFor(() => byes(alice).length > 0, 'the idle BYE');
      const [bye] = alice.take().filter((m) => m.method === 'BYE');
      assert.equal(bye.requestUri, 'sip:alice@contoso.com;opaque=user:epid:5ccdb10d-dca1-559e-ad2b-b514060a2da2;gruu');
      assert.equal(bye.header('Call-ID'), alice.callId);
      assert.equal(bye.header('CSeq'), '1 BYE');
      assert.equal(bye.header('From'), `<${CHAT_SERVER_URI}>;tag=${alice.toTag}`);
      assert.deepEqual(h.service.sessions(), []);
      assert.equal(alice.answer(bye, 200, 'OK'), true);
      assert.equal(h.service.ownsCallId(alice.callId), false);
      assert.equal(alice.cmd('cmd:getserverinfo')?.status, 481);
    });

    it('keeps no timer after dispose()', () => {
      h = createHarness({ sessionExpiresSec: 600 });
      connectChat(h.service, 'alice', 1);
      h.faults.stallMs = 60_000;
      h.service.post('sip:bob@contoso.com', 'ma-chan://contoso.com/b8e09fad-f018-4eb5-8967-5b9c819093f7', 'x');
      new SipeClient(h.service, 'bob', 2).invite(CHAT_SERVER_URI);
      assert.ok(h.service.pendingTimers() >= 3, 'two idle timers and a stalled send');
      h.service.dispose();
      assert.equal(h.service.pendingTimers(), 0);
    });
  });

  describe('with a manual clock', () => {
    let h: Harness;
    let clock: ManualTimers;
    let alice: SipeClient;
    beforeEach(() => {
      clock = new ManualTimers();
      h = createHarness({ sessionExpiresSec: 10 }, { timers: clock });
      alice = connectChat(h.service, 'alice', 1);
    });
    afterEach(() => {
      h.service.dispose();
      assert.equal(clock.count, 0, 'dispose() cancelled every timer it started');
    });

    it('postpones the idle BYE when an UPDATE refreshes the session, answering it with Session-Expires', () => {
      clock.advance(9_000);
      const ok = alice.request('UPDATE');
      assert.equal(ok?.status, 200);
      assert.equal(ok?.header('Session-Expires'), '10;refresher=uac');
      clock.advance(9_000);
      assert.deepEqual(byes(alice), []);
      clock.advance(1_001);
      assert.equal(byes(alice).length, 1);
    });

    it('also refreshes on a re-INVITE (200 with SDP and Session-Expires)', () => {
      clock.advance(9_000);
      const ok = alice.request('INVITE');
      assert.equal(ok?.status, 200);
      assert.equal(ok?.header('Session-Expires'), '10;refresher=uac');
      assert.match(ok?.body.toString() ?? '', /m=message/);
      clock.advance(9_000);
      assert.deepEqual(byes(alice), []);
    });

    it('tells the room ntc:part when an idle session is dropped', () => {
      const bob = connectChat(h.service, 'bob', 2);
      alice.cmd('cmd:join', JOIN_RELEASE);
      clock.advance(5_000);
      bob.cmd('cmd:join', JOIN_RELEASE);
      bob.take();
      clock.advance(5_001);
      assert.equal(byes(alice).length, 1);
      assert.deepEqual(bob.items().map((i) => i.attrs.id), ['ntc:part']);
    });

    it('answers 481 to an INFO whose Call-ID is not a live chat dialog, and to one from another connection', () => {
      const stranger = new SipeClient(h.service, 'alice', 1);
      stranger.toTag = 'DEADBEEF';
      stranger.remoteTarget = `${CHAT_SERVER_URI};gruu;opaque=srvr:chat:server`;
      assert.equal(stranger.cmd('cmd:getserverinfo')?.status, 481);
      const hijack = new SipeClient(h.service, 'alice', 9, 'tcp');
      Object.assign(hijack, { callId: alice.callId, fromTag: alice.fromTag, toTag: alice.toTag, remoteTarget: alice.remoteTarget, cseq: 50 });
      assert.equal(hijack.cmd('cmd:getserverinfo')?.status, 481);
      assert.equal(alice.cmd('cmd:getserverinfo')?.status, 200, 'the real dialog is untouched');
    });

    it('drops a dialog whose client answers 481 or 487 to a server INFO, without sending BYE', () => {
      const bob = connectChat(h.service, 'bob', 2);
      alice.cmd('cmd:requri'); // any reply INFO will do
      const info = alice.take().find((m) => m.isRequest)!;
      assert.equal(alice.answer(info, 487, 'Request Terminated'), true);
      assert.equal(h.service.ownsCallId(alice.callId), false);
      bob.cmd('cmd:getserverinfo');
      const reply = bob.take().find((m) => m.isRequest)!;
      bob.answer(reply, 481, 'Call Leg/Transaction Does Not Exist');
      assert.deepEqual(h.service.sessions(), []);
      assert.deepEqual(byes(alice), []);
    });

    it('answers a request with an old CSeq with 500', () => {
      alice.cseq = 0;
      assert.equal(alice.cmd('cmd:getserverinfo')?.status, 500);
    });

    it('delays every send by stallMs, keeping the order (200 before the reply INFO)', () => {
      h.faults.stallMs = 3_000;
      assert.equal(alice.cmd('cmd:getserverinfo'), undefined, 'no response yet');
      assert.deepEqual(alice.take(), []);
      clock.advance(3_000);
      const sent = alice.take();
      assert.deepEqual(sent.map((m) => m.status ?? m.method), [200, 'INFO']);
    });

    it('answers the next matching request with the injected status and ms-diagnostics, once', () => {
      h.faults.nextResponse = { method: 'INFO', status: 503, reason: 'Service Unavailable', diagnostics: '1008;reason="Unable to resolve DNS SRV record"' };
      assert.equal(alice.request('UPDATE')?.status, 200, 'a request of another method is not affected');
      const failed = alice.cmd('cmd:getserverinfo');
      assert.equal(failed?.status, 503);
      assert.equal(failed?.header('ms-diagnostics'), '1008;reason="Unable to resolve DNS SRV record"');
      assert.equal(h.faults.nextResponse, undefined);
      assert.equal(alice.cmd('cmd:getserverinfo')?.status, 200);
    });

    it('disconnect(user) BYEs the user\'s dialogs and tells the rooms', () => {
      const bob = connectChat(h.service, 'bob', 2);
      alice.cmd('cmd:join', JOIN_RELEASE);
      bob.cmd('cmd:join', JOIN_RELEASE);
      bob.take();
      assert.equal(h.service.disconnect('sip:alice@contoso.com'), 1);
      assert.equal(byes(alice).length, 1);
      assert.deepEqual(bob.items().map((i) => i.attrs.id), ['ntc:part']);
      assert.deepEqual(h.service.users(), ['sip:bob@contoso.com']);
    });

    it('forgets the dialogs of a closed connection and sends nothing to it', () => {
      const bob = connectChat(h.service, 'bob', 2);
      alice.cmd('cmd:join', JOIN_RELEASE);
      bob.cmd('cmd:join', JOIN_RELEASE);
      bob.take();
      const before = alice.session.sent.length;
      alice.session.open = false;
      h.service.sessionClosed(alice.session);
      assert.deepEqual(bob.items().map((i) => i.attrs.id), ['ntc:part']);
      assert.equal(alice.session.sent.length, before);
      assert.equal(h.service.ownsCallId(alice.callId), false);
    });
  });
});
