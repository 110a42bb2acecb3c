import assert from 'node:assert/strict';
import { LyncError } from '../../../../src/common/errors';
import { decodeEnvelope, EnvelopeDecodeOptions, XccosReply } from '../../../../src/persistentChat/xccos/envelope';
import { decodeRoomList } from '../../../../src/persistentChat/xccos/replies';

const OPEN = '<xccos xmlns:xsd="http://www.w3.org/2001/XMLSchema" ver="1" envid="7" xmlns="urn:parlano:xml:ns:xccos">';
const search = (data: string, id = 'rpl:chansrch') => `${OPEN}<rpl id="${id}" seqid="1"><commandid seqid="1" envid="42"/><resp code="200">SUCCESS_OK</resp>${data}</rpl></xccos>`;

function decode(text: string, options: EnvelopeDecodeOptions = {}): XccosReply {
  const [item] = decodeEnvelope(text, options).items;
  assert.equal(item?.kind, 'reply');
  return item as XccosReply;
}

/** The streamed rooms and reports, next to what decodeRoomList makes of the tree of the same reply. */
function both(text: string) {
  const streamedReasons: string[] = [];
  const treeReasons: string[] = [];
  const streamed = decode(text, { roomLists: true, onIgnored: (why) => void streamedReasons.push(why) });
  const tree = decode(text);
  return {
    streamed, streamedReasons,
    fromTree: decodeRoomList(tree.data, { onIgnored: (why) => void treeReasons.push(why) }), treeReasons,
  };
}

const RECORDS = [
  // sipe's full record, then attribute-only ones
  '<chanib name="Release Train &amp; co" description="Ship it" uri="ma-chan://contoso.com/aaa">'
    + '<info id="urn:parlano:ma:info:ucnt"> 5 </info><info id="urn:parlano:ma:info:visibilty">private</info>'
    + '<prop id="urn:parlano:ma:prop:filepost">true</prop><prop id="urn:parlano:ma:prop:invite">TRUE</prop><prop id="urn:parlano:ma:prop:logged">0</prop></chanib>',
  '<chanib name="Lobby" uri="ma-chan://contoso.com/bbb"/>',
  '<chanib uri="ma-chan://d/1" privacy="Secret"/><chanib ChanUri="ma-chan://d/2" ucnt="9"><info id="URN:PARLANO:MA:INFO:VISIBILITY">public</info></chanib>',
  '<chanib uri="ma-chan://d/5" privacy="constructor"/><chanib uri="ma-chan://d/6"><prop id="urn:parlano:ma:prop:visibilty">__proto__</prop></chanib>',
  // prefixed names, CDATA and split text, a property's nested element (not its own text), the last property wins
  '<x:chanib xmlns:x="urn:x" x:uri="ma-chan://d/7" x:name="Prefixed"><info x:id="urn:parlano:ma:info:ucnt">1<![CDATA[2]]><b>9</b>3</info>'
    + '<info id="urn:parlano:ma:info:ucnt">45</info></x:chanib>',
  // records inside other elements, a record inside a record (not one of its own), a property deeper than a child
  '<group><chanib uri="ma-chan://d/8"><chanib uri="ma-chan://d/inner"/><wrap><info id="urn:parlano:ma:info:ucnt">77</info></wrap></chanib></group>',
  // no uri: skipped and reported; unreadable values dropped
  '<chanib name="no uri"/><chanib uri="ma-chan://d/x"><info id="urn:parlano:ma:info:ucnt">many</info><prop id="urn:parlano:ma:prop:logged">maybe</prop></chanib>',
];

describe('rpl:chansrch rooms read while the envelope streams (decodeEnvelope roomLists)', () => {
  it('gives the same rooms, in the same order, as decodeRoomList on the tree of the same reply', () => {
    const { streamed, fromTree } = both(search(`<data>${RECORDS.join('')}</data>`));
    assert.equal(fromTree.length, 9);
    assert.deepEqual(streamed.rooms, fromTree);
    assert.deepEqual(fromTree[0], {
      uri: 'ma-chan://contoso.com/aaa', name: 'Release Train & co', description: 'Ship it', participantCount: 5, privacy: 'closed',
      invitationsEnabled: true, fileposting: true, logged: false,
    });
    assert.deepEqual(fromTree.find((r) => r.uri === 'ma-chan://d/7'), { uri: 'ma-chan://d/7', name: 'Prefixed', participantCount: 45 });
  });

  it('reports the same skipped records as decodeRoomList, once the envelope has parsed', () => {
    const { streamedReasons, treeReasons } = both(search(`<data>${RECORDS.join('')}</data>`));
    assert.ok(treeReasons.length > 0);
    assert.deepEqual(streamedReasons, treeReasons);
  });

  it('leaves data undefined (no element tree) and keeps the reply fields', () => {
    const reply = decode(search(`<data>${RECORDS[1]}</data>`), { roomLists: true });
    assert.equal(reply.data, undefined);
    assert.deepEqual(reply.rooms, [{ uri: 'ma-chan://contoso.com/bbb', name: 'Lobby' }]);
    assert.deepEqual([reply.id, reply.seqid, reply.commandEnvid, reply.code, reply.text], ['rpl:chansrch', '1', '42', 200, 'SUCCESS_OK']);
  });

  it('gives no rooms for an empty data element, and leaves rooms unset when there is no data', () => {
    assert.deepEqual(decode(search('<data/>'), { roomLists: true }).rooms, []);
    assert.equal(decode(search(''), { roomLists: true }).rooms, undefined);
  });

  it('builds the tree as before for other replies, and for a room search without roomLists', () => {
    const other = decode(search(`<data>${RECORDS[1]}</data>`, 'rpl:join'), { roomLists: true });
    assert.equal(other.rooms, undefined);
    assert.equal(other.data?.children[0].attrs.uri, 'ma-chan://contoso.com/bbb');
    const plain = decode(search(`<data>${RECORDS[1]}</data>`));
    assert.equal(plain.rooms, undefined);
    assert.deepEqual(decodeRoomList(plain.data), [{ uri: 'ma-chan://contoso.com/bbb', name: 'Lobby' }]);
  });

  it('finds the reply id in any case, as the tree decoder does', () => {
    assert.deepEqual(decode(search(`<data>${RECORDS[1]}</data>`, 'RPL:ChanSrch'), { roomLists: true }).rooms?.length, 1);
  });

  it('stays within the element-count limit: a hostile room list is refused, not decoded', () => {
    const many = '<chanib uri="ma-chan://d/1"/>'.repeat(1_000);
    assert.throws(() => decodeEnvelope(search(`<data>${many}</data>`), { roomLists: true, limits: { maxElements: 500 } }),
      (e: unknown) => LyncError.is(e, 'ProtocolError') && /more than 500 elements/.test(e.message));
    assert.equal(decode(search(`<data>${many}</data>`), { roomLists: true, limits: { maxElements: 1_010 } }).rooms?.length, 1_000);
  });

  it('stays within the depth and size limits, and refuses a DOCTYPE, inside the room data', () => {
    const deep = `${'<g>'.repeat(40)}<chanib uri="ma-chan://d/1"/>${'</g>'.repeat(40)}`;
    assert.throws(() => decodeEnvelope(search(`<data>${deep}</data>`), { roomLists: true }), /nested deeper than 32/);
    const long = `<chanib uri="ma-chan://d/1" name="${'n'.repeat(300 * 1024)}"/>`;
    assert.throws(() => decodeEnvelope(search(`<data>${long}</data>`), { roomLists: true }), /larger than 262144 bytes/);
    assert.throws(() => decodeEnvelope(`<!DOCTYPE xccos>${search('<data/>')}`, { roomLists: true }), /DOCTYPE/);
  });

  it('refuses malformed room data without reporting any of its records', () => {
    const reasons: string[] = [];
    assert.throws(() => decodeEnvelope(search('<data><chanib name="no uri"/><chanib uri="x"></data>'), { roomLists: true, onIgnored: (why) => void reasons.push(why) }),
      (e: unknown) => LyncError.is(e, 'ProtocolError'));
    assert.deepEqual(reasons, []);
  });
});
