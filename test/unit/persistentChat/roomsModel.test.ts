import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { joinRefusal, postRefusal } from '../../../src/persistentChat/rooms/errors';
import { MemoryFollowedRoomStore, sanitizeRecords } from '../../../src/persistentChat/rooms/followedRoomStore';
import { MessageModel, messageId } from '../../../src/persistentChat/rooms/messageModel';

const ROOM = 'ma-chan://contoso.com/abc';
const at = new Date('2026-11-24T08:12:30.123Z');

describe('rooms message model', () => {
  const model = new MessageModel({ uri: 'sip:alice@contoso.com', displayName: 'Alice Anders' });
  const message = (text: string, author = 'sip:bob@contoso.com') => model.toRoomMessage({ roomUri: ROOM, author, timestamp: at, text });

  it('marks a mention of the user part or the display name as a whole word, case-insensitively', () => {
    assert.equal(message('@alice can you look?').mention, true);
    assert.equal(message('ALICE, ping').mention, true);
    assert.equal(message('thanks alice anders!').mention, true);
    assert.equal(message('ask Alice.').mention, true);
    assert.equal(message('malice aforethought').mention, false);
    assert.equal(message('alices and bobs').mention, false);
    assert.equal(message('nothing here').mention, false);
  });

  it('never marks the user\'s own message as a mention, and flags it as own whatever the URI\'s case', () => {
    const own = message('alice here', 'SIP:Alice@Contoso.com');
    assert.equal(own.own, true);
    assert.equal(own.mention, false);
  });

  it('gives a live message and the same message from history one id, line breaks normalised; any difference gives another id', () => {
    const live = messageId({ roomUri: ROOM, author: 'sip:bob@contoso.com', timestamp: at, text: 'a\r\nb' });
    assert.equal(messageId({ roomUri: ROOM.toUpperCase().replace('MA-CHAN', 'ma-chan'), author: 'sip:Bob@contoso.com', timestamp: new Date(at), text: 'a\nb' }), live);
    assert.notEqual(messageId({ roomUri: ROOM, author: 'sip:bob@contoso.com', timestamp: new Date(at.getTime() + 1), text: 'a\nb' }), live);
    assert.notEqual(messageId({ roomUri: ROOM, author: 'sip:carol@contoso.com', timestamp: at, text: 'a\nb' }), live);
  });

  it('carries the server\'s alert mark', () => {
    assert.equal(model.toRoomMessage({ roomUri: ROOM, author: 'sip:bob@contoso.com', timestamp: at, text: 'down', alert: true }).alert, true);
    assert.equal(message('fine').alert, false);
  });
});

describe('rooms refusals', () => {
  const failed = (code: number, text: string) => new LyncError('CommandFailed', 'refused', { xccosCode: code, diagnostics: text, retriable: false });

  it('maps a refused join to NotAMember / RoomNotFound with what to do, and keeps other errors as they are', () => {
    const notMember = joinRefusal(failed(403, 'ERR_PERMISSION'), 'Incident Bridge');
    assert.equal(notMember.code, 'NotAMember');
    assert.match(notMember.message, /Incident Bridge.*managers/);
    assert.equal(notMember.retriable, false);
    assert.equal(joinRefusal(failed(404, 'NO_SUCH_NODE'), 'X').code, 'RoomNotFound');
    const lost = new LyncError('ConnectionLost', 'gone');
    assert.equal(joinRefusal(lost, 'X'), lost);
  });

  it('maps a refused post to PostNotAllowed / MessageTooLarge / RoomNotFound', () => {
    assert.equal(postRefusal(failed(403, 'ERR_PERMISSION'), 'X').code, 'PostNotAllowed');
    assert.equal(postRefusal(failed(413, 'LIMIT_EXCEEDED'), 'X').code, 'MessageTooLarge');
    assert.equal(postRefusal(failed(500, 'LIMIT_EXCEEDED'), 'X').code, 'MessageTooLarge', 'by the SDK name when the code differs');
    assert.equal(postRefusal(failed(404, 'NO_SUCH_NODE'), 'X').code, 'RoomNotFound');
  });
});

describe('followed room records', () => {
  it('the memory store returns copies', () => {
    const store = new MemoryFollowedRoomStore([{ uri: ROOM, name: 'A', lastReadIds: ['x'] }]);
    store.load()[0].lastReadIds!.push('y');
    assert.deepEqual(store.load()[0].lastReadIds, ['x']);
  });

  it('drops malformed records (wrong types, non-room URIs, duplicates) instead of failing', () => {
    assert.deepEqual(sanitizeRecords({ not: 'a list' }), []);
    assert.deepEqual(sanitizeRecords([
      { uri: ROOM, name: 'A', lastReadTime: '2026-11-24T08:00:00Z', lastReadIds: ['a', 3], muted: true },
      { uri: ROOM.toUpperCase().replace('MA-CHAN', 'ma-chan'), name: 'dup' },
      { uri: 'http://evil', name: 'B' },
      { uri: 'ma-chan://contoso.com/b', lastReadTime: 'yesterday' },
      null, 7,
    ]), [
      { uri: ROOM, name: 'A', lastReadTime: '2026-11-24T08:00:00Z', lastReadIds: ['a'], muted: true },
      { uri: 'ma-chan://contoso.com/b', name: 'ma-chan://contoso.com/b' },
    ]);
  });
});
