import * as assert from 'node:assert/strict';
import { Harness, ROOM, SipeClient, all, connectChat, createHarness, data, resp } from './testSupport';
import type { XmlElement } from '../../src/common/xml';

function chanid(uri: string, key = 0): string {
  const [, , domain, value] = uri.split('/');
  return `<chanid key="${key}" domain="${domain}" value="${value}"/>`;
}

function byId(items: XmlElement[], id: string): XmlElement[] {
  return items.filter((i) => i.attrs.id === id);
}

describe('sim chat: rooms (join, part, search, history)', () => {
  let h: Harness;
  let alice: SipeClient;
  let bob: SipeClient;
  beforeEach(() => {
    h = createHarness();
    alice = connectChat(h.service, 'alice', 1);
    bob = connectChat(h.service, 'bob', 2);
  });
  afterEach(() => h.service.dispose());

  it('answers cmd:bjoin with the uib id map and aib roles (12276 managers, 3984 members), then pushes the history as rpl:bccontext', () => {
    bob.cmd('cmd:join', `<data>${chanid(ROOM.release)}</data>`);
    bob.take();
    assert.equal(alice.cmd('cmd:bjoin', `<data>${chanid(ROOM.release)}</data>`)?.status, 200);
    const envelopes = alice.envelopes();
    assert.equal(envelopes.length, 2, 'rpl:bjoin and rpl:bccontext arrive as two INFOs');
    const [rpl] = envelopes[0].children;
    assert.equal(rpl.attrs.id, 'rpl:bjoin');
    assert.deepEqual(resp(rpl), { code: '200', text: 'SUCCESS_OK' });
    const commandid = rpl.children.find((c) => c.name === 'commandid');
    assert.deepEqual({ ...commandid?.attrs }, { seqid: '1', envid: String(alice.envid) });
    const uibs = Object.fromEntries(all(data(rpl), 'uib').map((u) => [u.attrs.uri, u.attrs.id]));
    assert.deepEqual(Object.keys(uibs).sort(), ['sip:alice@contoso.com', 'sip:bob@contoso.com']);
    const chanib = all(data(rpl), 'chanib')[0];
    assert.equal(chanib.attrs.uri, ROOM.release);
    assert.equal(chanib.attrs.name, 'Release Train');
    const aib = Object.fromEntries(chanib.children.map((a) => [a.attrs.key, a.attrs.value]));
    assert.deepEqual(aib, { 12276: uibs['sip:bob@contoso.com'], 3984: uibs['sip:alice@contoso.com'] });
    const [history] = envelopes[1].children;
    assert.equal(history.attrs.id, 'rpl:bccontext');
    const msgs = all(data(history), 'msg');
    assert.equal(msgs.length, 25, 'the last 25 of 30 catalogue messages');
    assert.equal(msgs[24].children[0].text, 'history 30');
    assert.deepEqual({ ...msgs[0].attrs }, { id: 'grpchat', chanUri: ROOM.release, author: 'sip:bob@contoso.com', ts: '2026-11-20T10:05:00Z' });
  });

  it('sends ntc:join to the members already in the room, naming the joiner and the room as an aib', () => {
    bob.cmd('cmd:join', `<data>${chanid(ROOM.release)}</data>`);
    bob.take();
    alice.cmd('cmd:join', `<data>${chanid(ROOM.release)}</data>`);
    const [ntc] = bob.items();
    assert.equal(ntc.name, 'ntc');
    assert.equal(ntc.attrs.id, 'ntc:join');
    const uib = all(data(ntc), 'uib')[0];
    assert.equal(uib.attrs.uri, 'sip:alice@contoso.com');
    assert.deepEqual({ ...uib.children[0].attrs }, { key: '3984', domain: 'contoso.com', value: 'b8e09fad-f018-4eb5-8967-5b9c819093f7' });
  });

  it('refuses to join a closed room the user is not a member of with 403 ERR_PERMISSION and sends no history', () => {
    alice.cmd('cmd:join', `<data>${chanid(ROOM.incident)}</data>`);
    const items = alice.items();
    assert.equal(items.length, 1);
    assert.equal(items[0].attrs.id, 'rpl:join');
    assert.deepEqual(resp(items[0]), { code: '403', text: 'ERR_PERMISSION' });
    assert.deepEqual(h.service.rooms().find((r) => r.uri === ROOM.incident)?.participants, []);
  });

  it('answers a bjoin of a permitted and an unknown room with a success reply and a NO_SUCH_NODE reply', () => {
    alice.cmd('cmd:bjoin', `<data>${chanid(ROOM.coffee, 0)}${chanid('ma-chan://contoso.com/00000000-0000-0000-0000-000000000000', 1)}</data>`);
    const rpls = byId(alice.items(), 'rpl:bjoin');
    assert.deepEqual(rpls.map((r) => resp(r).code), ['200', '404']);
    assert.equal(all(data(rpls[1]), 'chanib')[0].attrs.uri, 'ma-chan://contoso.com/00000000-0000-0000-0000-000000000000');
  });

  it('answers cmd:part with rpl:part and tells the remaining members with ntc:part', () => {
    alice.cmd('cmd:join', `<data>${chanid(ROOM.release)}</data>`);
    bob.cmd('cmd:join', `<data>${chanid(ROOM.release)}</data>`);
    alice.take();
    bob.take();
    bob.cmd('cmd:part', `<data><chanib uri="${ROOM.release}"/></data>`);
    const [rpl] = bob.items();
    assert.equal(rpl.attrs.id, 'rpl:part');
    assert.equal(resp(rpl).code, '200');
    assert.equal(all(data(rpl), 'chanib')[0].attrs.uri, ROOM.release);
    const [ntc] = alice.items();
    assert.equal(ntc.attrs.id, 'ntc:part');
    const chanib = all(data(ntc), 'chanib')[0];
    assert.equal(chanib.attrs.uri, ROOM.release);
    assert.equal(chanib.children[0].attrs.uri, 'sip:bob@contoso.com');
    assert.deepEqual(h.service.rooms().find((r) => r.uri === ROOM.release)?.participants, ['sip:alice@contoso.com']);
  });

  it('tells the others ntc:part when a joined member BYEs the chat dialog', () => {
    alice.cmd('cmd:join', `<data>${chanid(ROOM.release)}</data>`);
    bob.cmd('cmd:join', `<data>${chanid(ROOM.release)}</data>`);
    alice.take();
    bob.request('BYE');
    assert.deepEqual(alice.items().map((i) => i.attrs.id), ['ntc:part']);
  });

  it('lists every visible room for an empty BYNAME search, with user count, visibility and properties', () => {
    bob.cmd('cmd:join', `<data>${chanid(ROOM.release)}</data>`);
    alice.cmd('cmd:chansrch', '<data><qib qtype="BYNAME" criteria="" extended="false"/></data>');
    const [rpl] = alice.items();
    assert.equal(rpl.attrs.id, 'rpl:chansrch');
    const rooms = all(data(rpl), 'chanib');
    assert.deepEqual(rooms.map((r) => r.attrs.name), ['Release Train', 'Incident Bridge', 'Coffee Corner']);
    const release = rooms[0];
    assert.equal(release.attrs.uri, ROOM.release);
    assert.equal(release.attrs.description, 'Release coordination');
    const values = Object.fromEntries(release.children.map((c) => [c.attrs.id, c.text]));
    assert.deepEqual(values, {
      'urn:parlano:ma:info:ucnt': '1',
      'urn:parlano:ma:info:visibilty': 'public',
      'urn:parlano:ma:prop:invite': 'true',
      'urn:parlano:ma:prop:filepost': 'true',
      'urn:parlano:ma:prop:logged': 'true',
    });
    const incident = Object.fromEntries(rooms[1].children.map((c) => [c.attrs.id, c.text]));
    assert.equal(incident['urn:parlano:ma:info:visibilty'], 'private');
  });

  it('filters chansrch by a case-insensitive substring of the name', () => {
    alice.cmd('cmd:chansrch', '<data><qib qtype="BYNAME" criteria="TRAIN" extended="false"/></data>');
    assert.deepEqual(all(data(alice.items()[0]), 'chanib').map((r) => r.attrs.name), ['Release Train']);
  });

  it('shows a secret room only to its members and managers', () => {
    const carol = connectChat(h.service, 'carol', 3);
    for (const client of [alice, carol]) client.cmd('cmd:chansrch', '<data><qib qtype="BYNAME" criteria="falcon" extended="false"/></data>');
    assert.deepEqual(all(data(alice.items()[0]), 'chanib'), []);
    assert.deepEqual(all(data(carol.items()[0]), 'chanib').map((r) => r.attrs.uri), [ROOM.secret]);
  });

  it('answers an unknown chansrch qtype with MSG_NOT_SUPPORTED', () => {
    alice.cmd('cmd:chansrch', '<data><qib qtype="BYUSER" criteria="" extended="false"/></data>');
    assert.deepEqual(resp(alice.items()[0]), { code: '501', text: 'MSG_NOT_SUPPORTED' });
  });

  it('answers cmd:bccontext with the last cnt messages of the room in msg elements, oldest first', () => {
    alice.cmd('cmd:join', `<data>${chanid(ROOM.release)}</data>`);
    alice.take();
    alice.cmd('cmd:bccontext', `<data><chanib uri="${ROOM.release}"/><bcq><last cnt="3"/></bcq></data>`);
    const [rpl] = alice.items();
    assert.equal(rpl.attrs.id, 'rpl:bccontext');
    const chanib = all(data(rpl), 'chanib')[0];
    assert.equal(chanib.attrs.uri, ROOM.release);
    assert.deepEqual(chanib.children.map((m) => m.children[0].text), ['history 28', 'history 29', 'history 30']);
  });

  it('refuses history of a room the user may not enter, and a count below 1', () => {
    alice.cmd('cmd:bccontext', `<data><chanib uri="${ROOM.secret}"/><bcq><last cnt="5"/></bcq></data>`);
    alice.cmd('cmd:bccontext', `<data><chanib uri="${ROOM.release}"/><bcq><last cnt="0"/></bcq></data>`);
    assert.deepEqual(alice.items().map((i) => resp(i).text), ['ERR_PERMISSION', 'INVALID_ARGUMENT']);
  });
});
