import * as assert from 'node:assert/strict';
import { CHAT_SERVER_URI, FakeSession, Harness, ROOM, SipeClient, all, connectChat, createHarness, data, resp } from './testSupport';

const JOIN_RELEASE = '<data><chanid key="0" domain="contoso.com" value="b8e09fad-f018-4eb5-8967-5b9c819093f7"/></data>';

function grpchat(author: string, text: string, ts = '2013-08-03T12:34:56Z', room = ROOM.release): string {
  return `<grpchat id="grpchat" seqid="1" chanUri="${room}" author="${author}" ts="${ts}"><chat>${text}</chat></grpchat>`;
}

describe('sim chat: posting (grpchat)', () => {
  let h: Harness;
  let alice: SipeClient;
  let bob: SipeClient;
  let carol: SipeClient;
  beforeEach(() => {
    h = createHarness({}, { now: () => new Date('2026-11-24T10:00:00.123Z') });
    alice = connectChat(h.service, 'alice', 1);
    bob = connectChat(h.service, 'bob', 2);
    carol = connectChat(h.service, 'carol', 3);
    alice.cmd('cmd:join', JOIN_RELEASE);
    bob.cmd('cmd:join', JOIN_RELEASE);
    for (const c of [alice, bob, carol]) c.take();
  });
  afterEach(() => h.service.dispose());

  it('fans a post out to the other joined members with the server timestamp (milliseconds, Z), not back to the sender, not to non-members', () => {
    assert.equal(alice.xccos(grpchat('sip:alice@contoso.com', 'Build 26.24.1 is green &amp; tagged'))?.status, 200);
    const [message] = bob.items();
    assert.equal(message.name, 'grpchat');
    assert.equal(message.attrs.id, 'grpchat');
    assert.equal(message.attrs.chanUri, ROOM.release);
    assert.equal(message.attrs.author, 'sip:alice@contoso.com');
    assert.equal(message.attrs.ts, '2026-11-24T10:00:00.123Z');
    assert.equal(message.children[0].text, 'Build 26.24.1 is green & tagged');
    assert.deepEqual(alice.take().filter((m) => m.isRequest), [], 'no echo to the sender');
    assert.deepEqual(carol.take(), []);
  });

  it('appends the post to the room history, so cmd:bccontext returns it last', () => {
    alice.xccos(grpchat('sip:alice@contoso.com', 'ship it'));
    bob.cmd('cmd:bccontext', `<data><chanib uri="${ROOM.release}"/><bcq><last cnt="1"/></bcq></data>`);
    const msgs = all(data(bob.items().find((i) => i.attrs.id === 'rpl:bccontext')!), 'msg');
    assert.deepEqual(msgs.map((m) => [m.attrs.author, m.attrs.ts, m.children[0].text]), [['sip:alice@contoso.com', '2026-11-24T10:00:00.123Z', 'ship it']]);
    assert.equal(h.service.rooms().find((r) => r.uri === ROOM.release)?.historyCount, 31);
  });

  it('answers a post to a room the user has not joined with an ERR_PERMISSION reply and fans nothing out', () => {
    carol.xccos(grpchat('sip:carol@contoso.com', 'hello?'));
    const [rpl] = carol.items();
    assert.equal(rpl.attrs.id, 'rpl:grpchat');
    assert.deepEqual(resp(rpl), { code: '403', text: 'ERR_PERMISSION' });
    assert.deepEqual(alice.take(), []);
    assert.equal(h.service.rooms().find((r) => r.uri === ROOM.release)?.historyCount, 30);
  });

  it('refuses a post without ts (INVALID_ARGUMENT) and one with someone else\'s author (ERR_PERMISSION)', () => {
    alice.xccos(`<grpchat id="grpchat" seqid="1" chanUri="${ROOM.release}" author="sip:alice@contoso.com"><chat>no ts</chat></grpchat>`);
    alice.xccos(grpchat('sip:bob@contoso.com', 'spoofed'));
    assert.deepEqual(alice.items().map((i) => resp(i).text), ['INVALID_ARGUMENT', 'ERR_PERMISSION']);
    assert.deepEqual(bob.take(), []);
  });

  it('posts through the control API as a user who is not connected, to every joined session', () => {
    const record = h.service.post('sip:dave@contoso.com', ROOM.release, 'Go/no-go in 5 minutes');
    assert.equal(record.ts, '2026-11-24T10:00:00.123Z');
    for (const client of [alice, bob]) {
      const [message] = client.items();
      assert.equal(message.attrs.author, 'sip:dave@contoso.com');
      assert.equal(message.children[0].text, 'Go/no-go in 5 minutes');
    }
    assert.throws(() => h.service.post('sip:dave@contoso.com', 'ma-chan://contoso.com/nope', 'x'), /No room/);
  });

  it('posts a burst through the same fan-out as single posts (stored, in order, one envelope id each), each session\'s share between one cork and uncork', () => {
    /** A session that records when the chat layer holds and releases its writes. */
    class CorkingSession extends FakeSession {
      readonly events: string[] = [];
      override send(text: string): void { super.send(text); this.events.push('send'); }
      cork(): void { this.events.push('cork'); }
      uncork(): void { this.events.push('uncork'); }
    }
    const session = new CorkingSession(4, 'sip:alice@contoso.com');
    const second = new SipeClient(h.service, 'alice', 4, 'tcp', session);
    assert.equal(second.invite(CHAT_SERVER_URI)?.status, 200);
    second.cmd('cmd:join', JOIN_RELEASE);
    second.take();
    session.events.length = 0;
    const before = h.service.rooms().find((r) => r.uri === ROOM.release)!.historyCount;
    const texts = Array.from({ length: 25 }, (_, i) => `burst ${i + 1}`);
    const records = h.service.postBurst('sip:carol@contoso.com', ROOM.release, texts);
    assert.deepEqual(records.map((r) => r.text), texts);
    assert.equal(h.service.rooms().find((r) => r.uri === ROOM.release)!.historyCount, before + texts.length, 'every message is in the history');
    for (const client of [alice, bob]) {
      const posted = client.items().filter((m) => m.name === 'grpchat');
      assert.deepEqual(posted.map((m) => m.children[0].text), texts, 'in order, to every joined session');
    }
    const envelopes = second.envelopes();
    assert.deepEqual(envelopes.flatMap((e) => e.children).map((m) => m.children[0].text), texts);
    const envids = envelopes.map((e) => e.attrs.envid);
    assert.equal(new Set(envids).size, envids.length, 'one envelope id per message');
    assert.deepEqual(session.events, ['cork', ...texts.map(() => 'send'), 'uncork']);
  });
});
