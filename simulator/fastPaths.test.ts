import * as assert from 'node:assert/strict';
import { escapeAttr, escapeXml as escapeXmlChecked } from '../src/common/xml';
import { insertHeader, removeHeaders } from '../src/sip/message/rawMessage';
import { attrs, escapeXml } from './chat/xml';
import { withContentLength } from './responses';

/** Strings mixing plain text with every class the checked escapers treat specially. */
function corpus(): string[] {
  const pieces = ['', 'plain', 'a b', 'sip:alice@contoso.com', 'ma-chan://contoso.com/x', '&', '<', '>', '"', "'", '\t', '\n', '\r', '\u0000', '\u0007', '\u000b',
    '\u001f', '\u007f', 'é', '€', '\ud83d\ude00', '\ud83d', '\ude00', '\ufffe', '\uffff', '\ufffd', '\ue000', ' ', ';', '=', '%'];
  const out = [...pieces];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 2000; i++) {
    let s = '';
    for (let n = next() % 6; n >= 0; n--) s += pieces[next() % pieces.length];
    out.push(s);
  }
  return out;
}

describe('simulated pool: fast paths give the same text as the checked code', () => {
  it('escapeXml and attrs escape exactly as src/common/xml does', () => {
    for (const text of corpus()) {
      assert.equal(escapeXml(text), escapeXmlChecked(text), JSON.stringify(text));
      assert.equal(attrs({ a: text, skipped: undefined, n: 3 }), ` a="${escapeAttr(text)}" n="3"`, JSON.stringify(text));
    }
  });

  it('withContentLength returns what stripping and re-adding Content-Length gives, for right, wrong, doubled, compact and bare-LF headers', () => {
    const slow = (text: string) => {
      const end = text.indexOf('\r\n\r\n');
      const body = text.slice(end + 4);
      return insertHeader(removeHeaders(`${text.slice(0, end)}\r\n\r\n${body}`, 'Content-Length'), `Content-Length: ${Buffer.byteLength(body, 'utf8')}`);
    };
    const start = 'INFO sip:alice@contoso.com SIP/2.0\r\nVia: SIP/2.0/TCP pool0;branch=z9hG4bK1\r\nCall-ID: x';
    for (const body of ['', 'hello', 'héllo €', '<xccos/>']) {
      const n = Buffer.byteLength(body);
      for (const head of [
        `${start}\r\nContent-Length: ${n}`, `${start}\r\nContent-Length: ${n + 1}`, `${start}\r\nContent-Length: ${n}0`,
        `${start}\r\nl: ${n}\r\nContent-Length: ${n}`, `${start}\r\ncontent-length : 9\r\nContent-Length: ${n}`, `Content-Length: 1\r\nX: y\r\nContent-Length: ${n}`,
        `${start}\nX: y\r\nContent-Length: ${n}`, `${start}\r\nX: a\r\n b\r\nContent-Length: ${n}`, `${start}\r\nContent-Type: text/plain`, `${start}\r\ncontent-length: ${n}`,
      ]) {
        const text = `${head}\r\n\r\n${body}`;
        assert.equal(withContentLength(text), slow(text), JSON.stringify(text));
      }
    }
  });
});
