import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { SipFramer } from '../../../src/sip/message/framer';

const isProtocolError = (e: unknown) => LyncError.is(e, 'ProtocolError');

function message(body: string, extraHeaders = ''): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  return Buffer.from(`INFO sip:ocschat@contoso.com SIP/2.0\r\nCall-ID: c\r\n${extraHeaders}Content-Length: ${bytes.length}\r\n\r\n${body}`, 'utf8');
}

function collect(options?: { maxMessageBytes?: number }) {
  const messages: string[] = [];
  const keepAlives: string[] = [];
  const framer = new SipFramer((m) => messages.push(m.toString('utf8')), (k) => keepAlives.push(k), options);
  return { framer, messages, keepAlives };
}

describe('SipFramer', () => {
  it('emits several messages that arrive in one chunk, in order', () => {
    const { framer, messages } = collect();
    const a = message('first');
    const b = message('');
    const c = message('<x>third</x>');
    framer.push(Buffer.concat([a, b, c]));
    assert.deepEqual(messages, [a, b, c].map((m) => m.toString('utf8')));
  });

  it('reassembles messages fed one byte at a time', () => {
    const { framer, messages } = collect();
    const all = Buffer.concat([message('one'), message('two \u00e9\u20ac'), message('')]);
    for (const byte of all) framer.push(Buffer.from([byte]));
    assert.equal(messages.length, 3);
    assert.equal(Buffer.concat(messages.map((m) => Buffer.from(m, 'utf8'))).equals(all), true);
  });

  it('finds the end of the headers when CRLFCRLF is split across chunks at every position', () => {
    const m = message('body');
    const end = m.indexOf('\r\n\r\n');
    for (let cut = end; cut <= end + 4; cut++) {
      const { framer, messages } = collect();
      framer.push(m.subarray(0, cut));
      framer.push(m.subarray(cut));
      assert.deepEqual(messages, [m.toString('utf8')], `cut at ${cut}`);
    }
  });

  it('counts Content-Length in bytes and handles a split inside a multi-byte UTF-8 character', () => {
    const body = 'caf\u00e9 \u20ac \ud83d\ude00';
    const m = message(body);
    const euro = m.indexOf(Buffer.from('\u20ac', 'utf8'));
    const { framer, messages } = collect();
    framer.push(m.subarray(0, euro + 1));
    assert.equal(messages.length, 0);
    framer.push(m.subarray(euro + 1));
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.endsWith(body), true);
  });

  it('understands the compact l: form of Content-Length', () => {
    const { framer, messages } = collect();
    framer.push(Buffer.from('SIP/2.0 200 OK\r\ni: c\r\nl: 3\r\n\r\nabcSIP/2.0 200 OK\r\nl: 0\r\n\r\n'));
    assert.deepEqual(messages, ['SIP/2.0 200 OK\r\ni: c\r\nl: 3\r\n\r\nabc', 'SIP/2.0 200 OK\r\nl: 0\r\n\r\n']);
  });

  it('reports a double CRLF between messages as a ping and a lone CRLF as a pong', () => {
    const { framer, messages, keepAlives } = collect();
    framer.push(Buffer.from('\r\n\r\n'));
    assert.deepEqual(keepAlives, ['ping']);
    framer.push(Buffer.concat([Buffer.from('\r\n'), message('x')]));
    assert.deepEqual(keepAlives, ['ping', 'pong']);
    assert.equal(messages.length, 1);
    framer.push(Buffer.from('\r'));
    framer.push(Buffer.from('\n\r'));
    framer.push(Buffer.from('\n'));
    assert.deepEqual(keepAlives, ['ping', 'pong', 'ping']);
  });

  it('throws ProtocolError on garbage instead of a start line', () => {
    const { framer } = collect();
    assert.throws(() => framer.push(Buffer.from('\u0016\u0003\u0001\u0002\u0000 TLS hello')), isProtocolError);
    const second = collect();
    assert.throws(() => second.framer.push(Buffer.from('HELLO WORLD\r\nContent-Length: 0\r\n\r\n')), isProtocolError);
  });

  it('throws ProtocolError for a message larger than maxMessageBytes', () => {
    const { framer } = collect({ maxMessageBytes: 200 });
    assert.throws(() => framer.push(message('x'.repeat(300))), isProtocolError);
  });

  it('throws ProtocolError for a header block over 64 KiB without waiting for its end', () => {
    const { framer } = collect();
    const huge = Buffer.from(`SIP/2.0 200 OK\r\nX-Big: ${'a'.repeat(70 * 1024)}`);
    assert.throws(() => framer.push(huge), isProtocolError);
  });

  it('throws ProtocolError when Content-Length is missing (stream transports require it)', () => {
    const { framer } = collect();
    assert.throws(() => framer.push(Buffer.from('SIP/2.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello')), isProtocolError);
  });

  it('throws ProtocolError for a negative or non-numeric Content-Length', () => {
    for (const value of ['-1', 'ten', '1.5', '']) {
      const { framer } = collect();
      assert.throws(() => framer.push(Buffer.from(`SIP/2.0 200 OK\r\nContent-Length: ${value}\r\n\r\n`)), isProtocolError, value);
    }
  });

  it('emits a 1 MiB body fed in small chunks intact', () => {
    const body = 'z'.repeat(1024 * 1024 - 200);
    const m = message(body);
    const { framer, messages } = collect();
    for (let at = 0; at < m.length; at += 1000) framer.push(m.subarray(at, at + 1000));
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.length, m.length);
  });

  it('forgets a partial message on reset()', () => {
    const { framer, messages } = collect();
    framer.push(message('lost').subarray(0, 20));
    framer.reset();
    framer.push(message('kept'));
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.endsWith('kept'), true);
  });
});
