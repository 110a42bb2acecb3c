import assert from 'node:assert/strict';
import { decodeEnvelope, XccosNotice, XccosReply } from '../../../src/persistentChat/xccos/envelope';
import { decodeInvitations, highWaterMark } from '../../../src/persistentChat/xccos/invitations';
import type { ChatRoomInvitation } from '../../../src/persistentChat/xccos/types';

const env = (body: string) => `<xccos ver="1" envid="88" xmlns="urn:parlano:xml:ns:xccos">${body}</xccos>`;
const rplData = (data: string) => (decodeEnvelope(env(`<rpl id="rpl:getinv" seqid="1"><commandid seqid="1" envid="7"/><resp code="200">SUCCESS_OK</resp><data>${data}</data></rpl>`)).items[0] as XccosReply).data;
const NOW = new Date('2026-11-25T10:00:00Z');
const decode = (data: string) => {
  const reasons: string[] = [];
  const invitations = decodeInvitations(rplData(data), { onIgnored: (r) => reasons.push(r), now: () => NOW });
  return { invitations, reasons };
};

const RELEASE = 'ma-chan://contoso.com/5f1d2a3b-0000-4000-8000-000000000012';
const OUR_INV = `<inv inviteId="12" domain="contoso.com" createdOn="2026-11-24T08:30:00Z" inviter="sip:bob@contoso.com">`
  + `<chanib uri="${RELEASE}" name="Release Train" description="Deploy coordination"><info id="urn:parlano:ma:info:ucnt">5</info></chanib></inv>`;
const RELEASE_INVITATION: ChatRoomInvitation = {
  id: 12, createdOn: new Date('2026-11-24T08:30:00Z'), inviter: 'sip:bob@contoso.com',
  room: { uri: RELEASE, name: 'Release Train', description: 'Deploy coordination', participantCount: 5 },
};

describe('decodeInvitations', () => {
  it('reads our simulated server\'s rpl:getinv format', () => {
    const { invitations, reasons } = decode(`${OUR_INV}<inv inviteId="13" domain="contoso.com" createdOn="2026-11-24T09:00:00Z">`
      + '<chanib uri="ma-chan://contoso.com/b" name="Lobby"><info id="urn:parlano:ma:info:visibilty">private</info></chanib></inv>');
    assert.deepEqual(invitations, [
      RELEASE_INVITATION,
      { id: 13, createdOn: new Date('2026-11-24T09:00:00Z'), room: { uri: 'ma-chan://contoso.com/b', name: 'Lobby', privacy: 'closed' } },
    ]);
    assert.deepEqual(reasons, []);
  });

  it('reads the same inv element pushed in an ntc:inv notice', () => {
    const notice = decodeEnvelope(env(`<ntc id="ntc:inv" seqid="1"><data>${OUR_INV}</data></ntc>`)).items[0] as XccosNotice;
    assert.equal(notice.id, 'ntc:inv');
    assert.deepEqual(decodeInvitations(notice.data), [RELEASE_INVITATION]);
  });

  it('variant: invId / created attribute names and an offset timestamp', () => {
    const { invitations } = decode(`<inv invId="3" created="2026-11-24T10:30:00+02:00" invitedBy="sip:carol@contoso.com"><chanib uri="${RELEASE}" name="Release Train"/></inv>`);
    assert.deepEqual(invitations, [{ id: 3, createdOn: new Date('2026-11-24T08:30:00Z'), inviter: 'sip:carol@contoso.com', room: { uri: RELEASE, name: 'Release Train' } }]);
  });

  it('variant: the room as a sibling chanib with the same uri (any case)', () => {
    const { invitations } = decode(`<inv id="4" chanUri="${RELEASE.toUpperCase()}" ts="2026-11-24T08:30:00"/><inv id="5" chanUri="ma-chan://contoso.com/other" ts="2026-11-24T08:31:00Z"/>`
      + `<chanib uri="${RELEASE}" name="Release Train" description="Deploy coordination"><info id="urn:parlano:ma:info:ucnt">5</info></chanib>`
      + '<chanib uri="ma-chan://contoso.com/other" name="Other"/>');
    assert.deepEqual(invitations.map((i) => [i.id, i.createdOn.toISOString(), i.room]), [
      [4, '2026-11-24T08:30:00.000Z', { uri: RELEASE, name: 'Release Train', description: 'Deploy coordination', participantCount: 5 }],
      [5, '2026-11-24T08:31:00.000Z', { uri: 'ma-chan://contoso.com/other', name: 'Other' }],
    ]);
  });

  it('variant: no chanib at all, the room on the inv element itself', () => {
    const { invitations } = decode(`<inv inviteId="6" uri="${RELEASE}" name="Release Train" description="Deploy" createdOn="2026-11-24T08:30:00Z"/>`
      + '<inv inviteId="7" channelUri="ma-chan://contoso.com/bare" createdOn="2026-11-24T08:30:00Z"/>');
    assert.deepEqual(invitations.map((i) => i.room), [
      { uri: RELEASE, name: 'Release Train', description: 'Deploy' },
      { uri: 'ma-chan://contoso.com/bare', name: 'ma-chan://contoso.com/bare' },
    ]);
  });

  it('variant: fields as child elements, inv records wrapped in a list element', () => {
    const { invitations } = decode(`<invlist><inv><inviteId>8</inviteId><createdOn>2026-11-24T08:30:00Z</createdOn><chanib uri="${RELEASE}" name="Release Train"/></inv></invlist>`);
    assert.deepEqual(invitations, [{ id: 8, createdOn: new Date('2026-11-24T08:30:00Z'), room: { uri: RELEASE, name: 'Release Train' } }]);
  });

  it('uses the decode time when the creation time is missing or unreadable, and reports it', () => {
    const { invitations, reasons } = decode(`<inv inviteId="9" uri="${RELEASE}"/><inv inviteId="10" uri="${RELEASE}" createdOn="soon"/>`);
    assert.deepEqual(invitations.map((i) => i.createdOn), [NOW, NOW]);
    assert.deepEqual(reasons, [
      'invitation 9 has no creation time; using the time received',
      'invitation 10 has an unreadable creation time "soon"; using the time received',
    ]);
  });

  it('skips and reports records without an integer id or without a room, and repeated ids', () => {
    const { invitations, reasons } = decode(`<inv uri="${RELEASE}"/><inv inviteId="x1" uri="${RELEASE}"/><inv inviteId="11" name="no room"/>`
      + `<inv inviteId="12" uri="${RELEASE}" createdOn="2026-11-24T08:30:00Z"/><inv inviteId="12" uri="${RELEASE}" createdOn="2026-11-24T08:30:00Z"/>`);
    assert.deepEqual(invitations.map((i) => i.id), [12]);
    assert.equal(reasons.length, 4);
    assert.match(reasons[0], /without an integer id: <inv uri=/);
    assert.match(reasons[1], /without an integer id: <inv inviteId="x1"/);
    assert.match(reasons[2], /without a room: <inv inviteId="11"/);
    assert.match(reasons[3], /invitation 12 listed twice/);
  });

  it('returns nothing for an empty reply or no data', () => {
    assert.deepEqual(decode('').invitations, []);
    assert.deepEqual(decodeInvitations(undefined), []);
  });
});

describe('highWaterMark', () => {
  const inv = (id: number): ChatRoomInvitation => ({ id, createdOn: NOW, room: { uri: RELEASE, name: 'r' } });

  it('is the largest invitation id seen', () => {
    assert.equal(highWaterMark([inv(3), inv(12), inv(7)], 0), 12);
  });

  it('never goes below the previous mark', () => {
    assert.equal(highWaterMark([inv(3)], 10), 10);
    assert.equal(highWaterMark([], 10), 10);
  });
});
