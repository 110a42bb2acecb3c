import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { escapeAttr, escapeXml, parseXml } from '../../../src/common/xml';

function assertRefused(text: string, pattern: RegExp, limits = {}): void {
  assert.throws(() => parseXml(text, limits), (e: unknown) => LyncError.is(e, 'ProtocolError') && pattern.test(e.message));
}

describe('parseXml', () => {
  it('builds a tree of local names, dropping prefixes and xmlns declarations', () => {
    const root = parseXml('<x:a xmlns:x="urn:x" xmlns="urn:d" x:k="1" v="2"><x:b/>t1<c>inner</c>t2</x:a>');
    assert.equal(root.name, 'a');
    assert.deepEqual({ ...root.attrs }, { k: '1', v: '2' });
    assert.deepEqual(root.children.map((c) => c.name), ['b', 'c']);
    assert.equal(root.text, 't1t2');
    assert.equal(root.children[1].text, 'inner');
  });

  it('expands the five predefined entities and character references, in text and attributes', () => {
    const root = parseXml('<a v="&quot;&apos;&lt;&gt;&amp;&#65;&#x42;">&lt;b&gt; &amp; &#169;<![CDATA[<raw>&amp;]]></a>');
    assert.equal(root.attrs.v, `"'<>&AB`);
    assert.equal(root.text, '<b> & ©<raw>&amp;');
  });

  it('keeps attribute maps free of inherited names, even for __proto__ or constructor', () => {
    const root = parseXml('<a __proto__="p" constructor="c"><b/></a>');
    assert.equal(root.attrs.__proto__, 'p');
    assert.equal(root.attrs.constructor, 'c');
    assert.equal(parseXml('<a/>').attrs.toString, undefined);
    assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(root.attrs)), null);
  });

  it('accepts an XML declaration, comments, processing instructions and a byte-order mark', () => {
    const root = parseXml('\ufeff<?xml version="1.0" encoding="utf-8"?><!-- c --><a><?pi x?><b/></a>');
    assert.deepEqual(root.children.map((c) => c.name), ['b']);
  });

  it('refuses any DOCTYPE, even an empty one', () => {
    assertRefused('<!DOCTYPE a><a/>', /DOCTYPE/);
  });

  it('refuses the billion-laughs entity expansion', () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`);
    assertRefused(`<?xml version="1.0"?><!DOCTYPE lolz [${lol.join('')}]><lolz>&lol9;</lolz>`, /DOCTYPE/);
  });

  it('refuses an external entity (XXE)', () => {
    assertRefused('<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>', /DOCTYPE/);
  });

  it('refuses an undefined entity', () => {
    assertRefused('<a>&lol9;</a>', /undefined entity/);
    assertRefused('<a v="&nbsp;"/>', /undefined entity/);
  });

  it('refuses a document over the size limit, counting UTF-8 bytes', () => {
    assertRefused(`<a>${'x'.repeat(300 * 1024)}</a>`, /larger than 262144 bytes/);
    const euro = `<a>${'€'.repeat(40)}</a>`; // 47 characters, 127 bytes
    assertRefused(euro, /larger than 100 bytes/, { maxBytes: 100 });
    assert.equal(parseXml(euro, { maxBytes: 127 }).text.length, 40);
  });

  it('refuses elements nested deeper than the limit', () => {
    const nest = (n: number) => `${'<a>'.repeat(n)}${'</a>'.repeat(n)}`;
    assert.equal(parseXml(nest(32)).name, 'a');
    assertRefused(nest(33), /deeper than 32/);
    assertRefused(nest(5), /deeper than 4/, { maxDepth: 4 });
  });

  it('refuses more elements than the limit', () => {
    assertRefused(`<a>${'<b/>'.repeat(10)}</a>`, /more than 10 elements/, { maxElements: 10 });
    assert.equal(parseXml(`<a>${'<b/>'.repeat(9)}</a>`, { maxElements: 10 }).children.length, 9);
  });

  for (const [what, text] of [
    ['an unclosed element', '<a><b></a>'],
    ['a truncated document', '<a><b/>'],
    ['two root elements', '<a/><b/>'],
    ['text after the root', '<a/>junk'],
    ['an empty document', ''],
    ['a duplicate attribute', '<a k="1" k="2"/>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['a forbidden character reference', '<a>&#0;</a>'],
  ]) {
    it(`refuses ${what} as a ProtocolError`, () => {
      assertRefused(text, /Refused XML/);
    });
  }
});

describe('escapeXml / escapeAttr', () => {
  it('escapes markup in text and leaves line breaks alone', () => {
    assert.equal(escapeXml(`<b>"Tom" & 'Jerry'</b>\r\n`), `&lt;b&gt;"Tom" &amp; 'Jerry'&lt;/b&gt;\r\n`);
  });

  it('escapes both quote styles and keeps tabs and line breaks in attributes as references', () => {
    assert.equal(escapeAttr(`a"b'c<d>&e\tf\ng\r`), 'a&quot;b&apos;c&lt;d&gt;&amp;e&#9;f&#10;g&#13;');
  });

  it('drops characters XML 1.0 cannot carry', () => {
    assert.equal(escapeXml('a\u0000b\u0007c\uffffd\ud800e'), 'abcde');
    assert.equal(escapeAttr('x\u001by'), 'xy');
    assert.equal(escapeXml('emoji 😀 stays'), 'emoji 😀 stays');
  });

  it('round-trips through the parser', () => {
    const text = `<&>"' \t x`;
    const root = parseXml(`<a v="${escapeAttr(text)}">${escapeXml(text)}</a>`);
    assert.equal(root.attrs.v, text);
    assert.equal(root.text, text);
  });
});
