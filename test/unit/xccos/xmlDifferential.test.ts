import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { parseXml, XmlElement, XmlLimits } from '../../../src/common/xml';
import { parseXmlWithSaxes } from '../../fuzz/xmlReference';

type Verdict = { refused: true } | { refused: false; tree: unknown };

function plain(element: XmlElement): unknown {
  return { name: element.name, attrs: { ...element.attrs }, text: element.text, children: element.children.map(plain) };
}

function verdict(parse: (text: string, limits?: Partial<XmlLimits>) => XmlElement, text: string, limits?: Partial<XmlLimits>): Verdict {
  try {
    return { refused: false, tree: plain(parse(text, limits)) };
  } catch (error) {
    assert.ok(LyncError.is(error, 'ProtocolError'), `not a typed refusal: ${String(error)}`);
    return { refused: true };
  }
}

/** Well-formed and malformed documents at every edge the parser handles itself. */
const CORPUS: string[] = [
  // accepted
  '<a/>', '<a></a>', '<a />', '<a\n/>', '<a\t\r\nk="1"\n/>', '<a k = "1" j=\'2\'/>', '<a k="it\'s" j=\'say "hi"\'/>',
  '<x:a xmlns:x="urn:x" x:k="1" k="2"/>', '<a xmlns="u" xmlns:p="v"><p:b/></a>', '<a:b:c/>', '<_a-b.c9/>', '<é ü="1">ß</é>',
  '<\u{10000}a/>', '<a>\u{1F600}</a>', '<a\u00B7b/>', '<a>x<!-- c -->y<?pi data?>z</a>', '<a><![CDATA[<&>]]]]><![CDATA[>]]></a>',
  '<a>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#0065;&#x1F600;</a>', '<a v="&#9;&#10;&#13;x"/>', '<a v="\t\n\r\n x"/>', '<a>a\r\nb\rc\n</a>',
  '<a><![CDATA[a\r\nb\rc]]></a>', '<a>]]</a>', '<a>]></a>', '<a>></a>', '<a v=">"/>', '\ufeff<a/>', '<?xml version="1.0"?><a/>',
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<a/>\n', "<?xml version='1.1' encoding='utf-8'?><a/>", '<!-- c --> <a/> <!-- d --> <?p?>',
  '<a></a >', '<a></a\n>', '<a><b><c/></b><b/></a>', '<a>\u0085\u2028</a>', '<a v=""/>', '<a>&#xD7FF;&#xE000;&#xFFFD;&#x10FFFF;</a>',
  '<?pi?><a/>', '<a><?xml-stylesheet x?></a>', '<a>text &#38;amp; more</a>', '<a k="1" K="2"/>', '<p:a q:k="1" r:k="2"/>',
  // refused
  '', ' ', 'x', '<', '<a', '<a>', '<a/', '<a/ >', '</a>', '<a></b>', '<a></ a>', '<a></a', '<a><b></a></b>', '<a/><b/>', '<a/>x', 'x<a/>',
  '<a>&x;</a>', '<a>&#;</a>', '<a>&#x;</a>', '<a>&#xZ;</a>', '<a>&amp</a>', '<a>& </a>', '<a>&#0;</a>', '<a>&#xD800;</a>', '<a>&#xFFFE;</a>',
  '<a>&#x110000;</a>', '<a>&#99999999999999999999;</a>', '<a v="&x;"/>', '<a v="<"/>', '<a v="1"v2="2"/>', '<a v=1/>', '<a v/>', '<a v="1/>',
  "<a v='1\"/>", '<a k="1" k="2"/>', '<a xmlns="1" xmlns="2"/>', '<a xmlns:p="1" xmlns:p="2"/>', '<a p:k="1" p:k="2"/>', '<1a/>', '<-a/>', '<.a/>',
  '< a/>', '<a>]]></a>', '<a>\u0001</a>', '<a v="\u0000"/>', '<a>\uFFFF</a>', '<a>\uD800</a>', '<a>\uDC00x</a>', '<a><!-- \u0002 --></a>',
  '<a><!-- -- --></a>', '<a><!-- ---></a>', '<a><!-- x</a>', '<a><![CDATA[x</a>', '<a><![CDATA[\u0003]]></a>', '<a><?pi x</a>', '<a><?xml x?></a>',
  ' <?xml version="1.0"?><a/>', '<a/><?xml version="1.0"?>', '<?xml version="2.0"?><a/>', '<?xml encoding="utf-8"?><a/>', '<?XML version="1.0"?><a/>',
  '<!DOCTYPE a><a/>', '<!doctype a><a/>', '<a><!DOCTYPE a></a>', '<!ENTITY x "y"><a/>', '<![CDATA[x]]><a/>', '<a/><![CDATA[x]]>', '<!x><a/>',
  '<?><a/>', '<? pi?><a/>', '<a>\ufeff</a>', '<a><b/></a><!-- unclosed', '<a b="&#38;#38;"/>',
];

/** Seeded documents from a small XML grammar (names, attributes, references, CDATA, comments, PIs), a third of them then broken by one edit. */
function* generated(count: number, seed: number): Generator<string> {
  let state = seed;
  const rnd = (n: number) => (state = (state * 1103515245 + 12345) & 0x7fffffff) % n;
  const pick = <T>(items: readonly T[]): T => items[rnd(items.length)];
  const names = ['a', 'b', 'x:y', 'é', '_c.d-e', 'p:q:r', 'xmlns', 'xmlns:p', 'k', 'K', '\u{10000}z'];
  const texts = ['t', '&amp;', '&lt;', '&#65;', '&#x1F600;', '&#0;', '&bogus;', '&', 'a\r\nb', '\r', '\t', ']]>', ']]', '>', ' ', '\u0085', '\u0002', '\uD83D\uDE00', '\uDE00', '"', "'"];
  const spaces = [' ', '\n', '\t', '\r\n'];
  const attrs = () => Array.from({ length: rnd(4) }, () => {
    const q = pick(['"', "'"]);
    const value = Array.from({ length: rnd(3) }, () => pick(texts)).join('').split(q).join('');
    return `${pick(spaces)}${pick(names)}${pick(['', ' '])}=${pick(['', ' '])}${q}${value}${q}`;
  }).join('');
  const element = (depth: number): string => {
    const name = pick(names);
    if (depth > 3 || rnd(3) === 0) return `<${name}${attrs()}${pick(['/>', ' />'])}`;
    let body = '';
    for (let i = rnd(4); i > 0; i--) {
      const r = rnd(6);
      body += r === 0 ? element(depth + 1) : r === 1 ? `<![CDATA[${pick(texts)}]]>` : r === 2 ? `<!--${pick(['c', '-', 'x-y'])}-->` : r === 3 ? `<?pi ${pick(texts)}?>` : pick(texts);
    }
    return `<${name}${attrs()}>${body}</${name}${pick(['', ' '])}>`;
  };
  for (let i = 0; i < count; i++) {
    let text = `${pick(['', '\ufeff', '<?xml version="1.0"?>', '<!DOCTYPE a>'])}${pick(['', ' ', '<!--c-->'])}${element(0)}${pick(['', ' ', '<!--c-->', 'x', '<a/>'])}`;
    if (rnd(3) === 0) {
      const at = rnd(text.length + 1);
      const r = rnd(3);
      text = r === 0 ? text.slice(0, at) + text.slice(at + 1) : r === 1 ? text.slice(0, at) + pick(['<', '>', '&', '"', '/', '=', ' ', ']', '-', '?', '!']) + text.slice(at) : text.slice(0, at);
    }
    yield text;
  }
}

describe('parseXml agrees with saxes (the reference parser)', () => {
  for (const text of CORPUS) {
    it(`gives saxes's verdict and tree for ${JSON.stringify(text)}`, () => {
      assert.deepEqual(verdict(parseXml, text), verdict(parseXmlWithSaxes, text));
    });
  }

  it('agrees on duplicates among many attributes (searched, then kept in a set)', () => {
    for (const n of [2, 8, 9, 10, 40]) {
      const names = Array.from({ length: n }, (_, i) => `k${i}`);
      for (const text of [`<a ${names.map((k) => `${k}="1"`).join(' ')}/>`, `<a ${names.map((k) => `${k}="1"`).join(' ')} k${n - 1}="2"/>`, `<a ${names.map((k) => `${k}="1"`).join(' ')} k0="2"/>`]) {
        assert.deepEqual(verdict(parseXml, text), verdict(parseXmlWithSaxes, text), text);
      }
    }
  });

  it('agrees on 5,000 generated documents, well-formed and broken', () => {
    let accepted = 0;
    for (const text of generated(5000, 11)) {
      const ours = verdict(parseXml, text);
      assert.deepEqual(ours, verdict(parseXmlWithSaxes, text), JSON.stringify(text));
      if (!ours.refused) accepted++;
    }
    assert.ok(accepted > 1000, `only ${accepted} generated documents were well-formed`);
  });

  it('agrees on the limits: depth, element count and size', () => {
    for (const [text, limits] of [
      ['<a><b><c/></b></a>', { maxDepth: 2 }], ['<a><b><c/></b></a>', { maxDepth: 3 }],
      ['<a><b/><b/></a>', { maxElements: 2 }], ['<a><b/><b/></a>', { maxElements: 3 }],
      ['<a>€€</a>', { maxBytes: 13 }], ['<a>€€</a>', { maxBytes: 12 }],
    ] as const) {
      assert.deepEqual(verdict(parseXml, text, limits), verdict(parseXmlWithSaxes, text, limits), `${text} ${JSON.stringify(limits)}`);
    }
  });

  it('refuses a second byte-order mark, which saxes skips', () => {
    assert.equal(parseXmlWithSaxes('\ufeff\ufeff<a/>').name, 'a');
    assert.throws(() => parseXml('\ufeff\ufeff<a/>'), (e: unknown) => LyncError.is(e, 'ProtocolError') && /before the root/.test(e.message));
  });

  it('refuses an element with more than 256 attributes, which saxes would read', () => {
    const many = (n: number) => `<a ${Array.from({ length: n }, (_, i) => `k${i}="${i}"`).join(' ')}/>`;
    assert.equal(Object.keys(parseXml(many(256)).attrs).length, 256);
    assert.throws(() => parseXml(many(257)), (e: unknown) => LyncError.is(e, 'ProtocolError') && /more than 256 attributes/.test(e.message));
  });

  it('agrees on every prefix of a real envelope (a truncated read)', () => {
    const text = '<?xml version="1.0"?><xccos ver="1" envid="7" xmlns="urn:parlano:xml:ns:xccos"><grpchat id="grpchat" seqid="3" chanUri="ma-chan://c/1" author="sip:a@c" ts="2026-11-24T08:00:00Z"><chat>a &amp; b<![CDATA[<c>]]></chat><!-- n --></grpchat></xccos>';
    for (let i = 0; i <= text.length; i++) {
      assert.deepEqual(verdict(parseXml, text.slice(0, i)), verdict(parseXmlWithSaxes, text.slice(0, i)), `prefix ${i}`);
    }
  });
});
