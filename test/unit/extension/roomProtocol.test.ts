import * as assert from 'node:assert/strict';
import { hostToPage, pageToHost } from '../../../src/extension/rooms/roomProtocol';

const message = { id: 'm1', author: 'Bob', authorUri: 'sip:bob@contoso.com', time: 1, text: 'hi', mention: false, alert: false, own: false };

describe('room editor protocol: each side drops a malformed message whole', () => {
  it('the page accepts the host messages it is sent and refuses ones with a missing or mistyped field', () => {
    assert.ok(hostToPage({ type: 'append', messages: [message] }));
    assert.ok(hostToPage({ type: 'older', messages: [], hasMore: true }));
    assert.equal(hostToPage({ type: 'append', messages: [{ ...message, text: 42 }] }), undefined, 'a message whose text is not a string');
    assert.equal(hostToPage({ type: 'append', messages: [{ ...message, time: Number.NaN }] }), undefined, 'a time that is not a number');
    assert.equal(hostToPage({ type: 'older', messages: [] }), undefined, 'older without hasMore');
    assert.equal(hostToPage({ type: 'init', room: {}, compose: {}, messages: [], hasMore: false }), undefined, 'an init without a header');
  });

  it('an older page or a load says where the history ends only as the start or the server\'s limit', () => {
    assert.ok(hostToPage({ type: 'older', messages: [], hasMore: false, historyEnd: 'serverLimit' }));
    assert.ok(hostToPage({ type: 'older', messages: [], hasMore: false, historyEnd: 'start' }));
    assert.equal(hostToPage({ type: 'older', messages: [], hasMore: false, historyEnd: 'beginning' }), undefined, 'an unknown history end');
    assert.equal(hostToPage({ type: 'older', messages: [], hasMore: false, historyEnd: true }), undefined, 'a history end that is not a name');
    const init = { type: 'init', room: { uri: 'u', name: 'n', topic: '', participants: '', state: '' }, compose: { enabled: true, reason: '', placeholder: '', sizeLimit: 0 }, messages: [], hasMore: false };
    assert.ok(hostToPage({ ...init, historyEnd: 'serverLimit' }));
    assert.equal(hostToPage({ ...init, historyEnd: 2000 }), undefined, 'an init whose history end is a number');
  });

  it('the host accepts the page messages it is sent and refuses unknown types and mistyped fields', () => {
    assert.deepEqual(pageToHost({ type: 'openLink', url: 'https://example.com' }), { type: 'openLink', url: 'https://example.com' });
    assert.equal(pageToHost({ type: 'openLink', url: { toString: () => 'x' } }), undefined);
    assert.equal(pageToHost({ type: 'send' }), undefined);
    assert.equal(pageToHost({ type: 'constructor' }), undefined, 'an inherited property name is no message type');
    assert.equal(pageToHost({ type: 'runCommand', command: 'x' }), undefined);
    for (const value of [null, undefined, 'ready', 42, []]) assert.equal(pageToHost(value), undefined, String(value));
  });
});
