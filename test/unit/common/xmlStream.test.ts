import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { streamXml, XmlAttrs, XmlSink } from '../../../src/common/xmlStream';

/** Records every event; reads attributes the way `raw` says. */
class Recorder implements XmlSink {
  readonly events: string[] = [];
  readonly maps: XmlAttrs[] = [];
  constructor(readonly rawAttributes: boolean) {}
  open(name: string, attrs: XmlAttrs, depth: number): void {
    this.maps.push(attrs);
    this.events.push(`open ${name}@${depth} ${JSON.stringify({ ...attrs })}`);
  }
  text(chunk: string): void {
    this.events.push(`text ${chunk}`);
  }
  close(depth: number): void {
    this.events.push(`close @${depth}`);
  }
}

const DOC = '<x:a xmlns:x="urn:x" xmlns="urn:d" x:k="1" v="2"><b id="3"/>t&amp;<![CDATA[<c>]]><c p:q="4" xmlns:p="urn:p">in</c></x:a>';

describe('streamXml', () => {
  it('hands the sink local names, depths, text and CDATA in document order', () => {
    const sink = new Recorder(false);
    streamXml(DOC, sink);
    assert.deepEqual(sink.events, [
      'open a@1 {"k":"1","v":"2"}', 'open b@2 {"id":"3"}', 'close @2', 'text t&', 'text <c>', 'open c@2 {"q":"4"}', 'text in', 'close @2', 'close @1',
    ]);
  });

  it('gives a sink that reads attributes by name the same names and values, on maps that inherit nothing (no constructor, no toString)', () => {
    const copied = new Recorder(false);
    const raw = new Recorder(true);
    streamXml(DOC, copied);
    streamXml(DOC, raw);
    assert.deepEqual(raw.events, copied.events);
    for (const map of [...raw.maps, ...copied.maps]) assert.ok(!('constructor' in map) && !('toString' in map) && !('__proto__' in map));
  });

  it('refuses what parseXml refuses, whatever the sink (DOCTYPE, depth, element count, size)', () => {
    for (const raw of [false, true]) {
      const refused = (text: string, pattern: RegExp, limits = {}) => assert.throws(() => streamXml(text, new Recorder(raw), limits),
        (e: unknown) => LyncError.is(e, 'ProtocolError') && pattern.test(e.message));
      refused('<!DOCTYPE a><a/>', /DOCTYPE/);
      refused(`${'<a>'.repeat(5)}${'</a>'.repeat(5)}`, /nested deeper than 4/, { maxDepth: 4 });
      refused(`<a>${'<b/>'.repeat(10)}</a>`, /more than 5 elements/, { maxElements: 5 });
      refused(`<a>${'x'.repeat(200)}</a>`, /larger than 100 bytes/, { maxBytes: 100 });
      refused('<a><b></a>', /Refused XML/);
    }
  });

  it('stops at the first element past the count limit: the sink never sees it', () => {
    const sink = new Recorder(true);
    assert.throws(() => streamXml(`<a>${'<b/>'.repeat(10)}</a>`, sink, { maxElements: 3 }));
    assert.equal(sink.events.filter((e) => e.startsWith('open')).length, 3);
  });
});
