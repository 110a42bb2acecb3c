import * as assert from 'node:assert/strict';
import { Harness, ROOM, SipeClient, all, connectChat, createHarness, data, resp } from './testSupport';

function getinv(client: SipeClient, after: number) {
  client.cmd('cmd:getinv', `<data><inv inviteId="${after}" domain="contoso.com"/></data>`);
  const [rpl] = client.items();
  assert.equal(rpl.attrs.id, 'rpl:getinv');
  assert.deepEqual(resp(rpl), { code: '200', text: 'SUCCESS_OK' });
  return all(data(rpl), 'inv');
}

describe('sim chat: room invitations (pull and push)', () => {
  let h: Harness;
  let alice: SipeClient;
  beforeEach(() => {
    h = createHarness({}, { now: () => new Date('2026-11-24T10:00:00.456Z') });
    alice = connectChat(h.service, 'alice', 1);
  });
  afterEach(() => h.service.dispose());

  it('answers cmd:getinv with inviteId 0 with all of the user\'s invitations in the documented inv/chanib layout', () => {
    const invs = getinv(alice, 0);
    assert.equal(invs.length, 1, 'only alice\'s invitation, not dave\'s');
    assert.deepEqual({ ...invs[0].attrs }, { inviteId: '1', domain: 'contoso.com', createdOn: '2026-11-24T08:30:00Z', inviter: 'sip:bob@contoso.com' });
    const chanib = invs[0].children[0];
    assert.deepEqual({ ...chanib.attrs }, { uri: ROOM.release, name: 'Release Train', description: 'Release coordination' });
    assert.deepEqual(chanib.children.map((c) => [c.attrs.id, c.text]), [['urn:parlano:ma:info:ucnt', '0']]);
  });

  it('returns only invitations newer than the high-water mark', () => {
    h.service.inviteUser('sip:alice@contoso.com', ROOM.incident);
    alice.take();
    assert.deepEqual(getinv(alice, 0).map((i) => i.attrs.inviteId), ['1', '3']);
    assert.deepEqual(getinv(alice, 1).map((i) => i.attrs.inviteId), ['3']);
    assert.deepEqual(getinv(alice, 3), []);
  });

  it('refuses a getinv without an integer inviteId', () => {
    alice.cmd('cmd:getinv', '<data><inv inviteId="abc" domain="contoso.com"/></data>');
    assert.deepEqual(resp(alice.items()[0]), { code: '400', text: 'INVALID_ARGUMENT' });
  });

  it('pushes ntc:inv into the live chat session when the user is added to a room that sends invitations, with the next id', () => {
    const view = h.service.inviteUser('sip:alice@contoso.com', ROOM.incident, 'sip:bob@contoso.com');
    assert.equal(view?.id, 3);
    const [ntc] = alice.items();
    assert.equal(ntc.name, 'ntc');
    assert.equal(ntc.attrs.id, 'ntc:inv');
    const inv = all(data(ntc), 'inv')[0];
    assert.deepEqual({ ...inv.attrs }, { inviteId: '3', domain: 'contoso.com', createdOn: '2026-11-24T10:00:00Z', inviter: 'sip:bob@contoso.com' });
    assert.equal(inv.children[0].attrs.name, 'Incident Bridge');
  });

  it('makes the invited user a member, so the closed room can now be joined', () => {
    h.service.inviteUser('sip:alice@contoso.com', ROOM.incident);
    alice.take();
    alice.cmd('cmd:join', '<data><chanid key="0" domain="contoso.com" value="f5942c06-a3f7-4983-903c-9968d5dc522a"/></data>');
    assert.equal(resp(alice.items()[0]).code, '200');
  });

  it('issues no invitation (pull or push) for a room whose invitations setting is off, but still grants membership', () => {
    assert.equal(h.service.inviteUser('sip:alice@contoso.com', ROOM.coffee), undefined);
    assert.deepEqual(alice.take(), []);
    assert.deepEqual(getinv(alice, 1), []);
    assert.ok(h.service.rooms().find((r) => r.uri === ROOM.coffee)?.members.includes('sip:alice@contoso.com'));
  });

  it('stores an invitation for a user with no live session, for the next getinv', () => {
    h.service.inviteUser('sip:erin@contoso.com', ROOM.release);
    const erin = connectChat(h.service, 'erin', 5);
    assert.deepEqual(getinv(erin, 0).map((i) => i.attrs.inviteId), ['3']);
  });
});
