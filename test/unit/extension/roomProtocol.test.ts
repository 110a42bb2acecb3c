import * as assert from 'node:assert/strict';
import { hostToPage, isRoomLink, isWorkspacePath, MAX_LINE, pageToHost } from '../../../src/extension/rooms/roomProtocol';

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
    const init = { type: 'init', room: { uri: 'u', name: 'n', topic: '', participants: '', state: '' }, compose: { enabled: true, readOnly: false, reason: '', placeholder: '', sizeLimit: 0 }, messages: [], hasMore: false };
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

  it('a room link is only a well-formed ma-chan://<domain>/<guid>; anything else is dropped at the boundary', () => {
    const room = 'ma-chan://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad';
    assert.deepEqual(pageToHost({ type: 'openRoom', uri: room }), { type: 'openRoom', uri: room });
    assert.ok(pageToHost({ type: 'openRoom', uri: room.toUpperCase() }), 'the scheme and guid are case-insensitive');
    for (const uri of ['ma-chan://contoso.com/not-a-guid', 'ma-chan://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad/x', 'ma-chan:///9d0c79ef-ee68-4d04-a871-b1af450eecad',
      'ma-chan://evil.com@x/9d0c79ef-ee68-4d04-a871-b1af450eecad', 'https://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad', `${room}\n`, ` ${room}`]) {
      assert.equal(isRoomLink(uri), false, uri);
      assert.equal(pageToHost({ type: 'openRoom', uri }), undefined, uri);
    }
  });

  it('a shared file reference is a workspace-relative path and a bounded line: no absolute path, drive, backslash or .. segment', () => {
    assert.deepEqual(pageToHost({ type: 'openFile', path: 'src/share-sample.ts', line: 2 }), { type: 'openFile', path: 'src/share-sample.ts', line: 2 });
    assert.ok(isWorkspacePath('folder two/a b.ts'), 'a space is a path character');
    for (const path of ['', '/etc/passwd', '../secret.txt', 'src/../../secret.txt', 'src/./a.ts', 'C:/Windows/win.ini', 'src\\..\\a.ts', 'a//b.ts', 'file:a.ts', 'a\u202Eb.ts', 'a\nb.ts', 'x'.repeat(1025)]) {
      assert.equal(isWorkspacePath(path), false, JSON.stringify(path));
      assert.equal(pageToHost({ type: 'openFile', path, line: 1 }), undefined, JSON.stringify(path));
    }
    for (const line of [0, -1, 1.5, MAX_LINE + 1, Number.NaN, '2']) {
      assert.equal(pageToHost({ type: 'openFile', path: 'a.ts', line }), undefined, String(line));
    }
  });
});
