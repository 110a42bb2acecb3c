import assert from 'node:assert/strict';
import { decodeEnvelope } from '../../../src/persistentChat/xccos/envelope';
import { decodeHistory } from '../../../src/persistentChat/xccos/messages';
import { MessageModel } from '../../../src/persistentChat/rooms/messageModel';
import type { ChatMessage } from '../../../src/persistentChat/xccos/types';

const OPEN = '<xccos ver="1" envid="1" xmlns="urn:parlano:xml:ns:xccos">';
const ATTRS = 'id="grpchat" seqid="1" chanUri="ma-chan://contoso.com/4d2f" author="sip:bob@contoso.com" ts="2013-08-03T12:34:56Z"';

function live(inner: string, ignored: string[]): ChatMessage {
  const [item] = decodeEnvelope(`${OPEN}<grpchat ${ATTRS}>${inner}</grpchat></xccos>`, { onIgnored: (why) => ignored.push(why) }).items;
  assert.equal(item.kind, 'message');
  return (item as { message: ChatMessage }).message;
}

describe('chat message parts the client does not render', () => {
  it('keeps the text, marks rich text, a file post, a story and unknown elements by kind, and reports each element by name only', () => {
    const ignored: string[] = [];
    const message = live('<chat>release notes</chat><rtf>{\\rtf1 secret formatting}</rtf><fileUpload name="plan.docx"/><story>long story</story><mood>x</mood>', ignored);
    assert.equal(message.text, 'release notes');
    assert.deepEqual(message.unrendered, ['formatting', 'file', 'story', 'other']);
    assert.deepEqual(ignored.map((why) => why.match(/<([^>]+)>/)?.[1]), ['rtf', 'fileUpload', 'story', 'mood']);
    assert.ok(ignored.every((why) => !/secret|plan\.docx|long story/.test(why)), `no content in the report: ${ignored.join(' | ')}`);
    const room = new MessageModel({ uri: 'sip:alice@contoso.com' }).toRoomMessage(message);
    assert.deepEqual(room.unrendered, ['formatting', 'file', 'story', 'other']);
  });

  it('a plain message has no marker; elements inside <chat> are reported as chat/NAME; history records are checked the same way', () => {
    const ignored: string[] = [];
    assert.equal('unrendered' in live('<chat>plain</chat>', ignored), false);
    assert.deepEqual(live('<chat>bold <b>part</b></chat>', ignored).unrendered, ['formatting']);
    assert.match(ignored[0], /<chat\/b>/);
    const [old] = decodeHistory({ name: 'data', attrs: {}, text: '', children: [{ name: 'chanib', attrs: { uri: 'ma-chan://contoso.com/4d2f' }, text: '', children: [
      { name: 'msg', attrs: { id: 'grpchat', author: 'sip:bob@contoso.com', ts: '2013-08-03T12:34:56Z' }, text: '', children: [{ name: 'chat', attrs: {}, text: 'x', children: [] }, { name: 'rtf', attrs: {}, text: 'y', children: [] }] },
    ] }] });
    assert.deepEqual(old.unrendered, ['formatting']);
  });
});
