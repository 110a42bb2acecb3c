import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { decodeEnvelope, XccosItem, XccosNotice, XccosReply } from '../../../src/persistentChat/xccos/envelope';

const SERVER_OPEN = '<xccos xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ver="1" envid="7962449779256945056" xmlns="urn:parlano:xml:ns:xccos">';
const server = (body: string) => `${SERVER_OPEN}${body}</xccos>`;

function only<K extends XccosItem['kind']>(items: XccosItem[], kind: K): Extract<XccosItem, { kind: K }> {
  assert.equal(items.length, 1);
  assert.equal(items[0].kind, kind);
  return items[0] as Extract<XccosItem, { kind: K }>;
}

describe('decodeEnvelope', () => {
  it('keeps a 64-bit server envid exactly, as a string', () => {
    assert.equal(decodeEnvelope(server('')).envid, '7962449779256945056');
  });

  it('decodes a reply: id, seqid, the echoed command envid, resp code and text, data', () => {
    const reply = only(decodeEnvelope(server('<rpl id="rpl:getftok" seqid="1"><commandid seqid="1" envid="139132352"/><resp code="200">SUCCESS_OK</resp>'
      + '<data><token token="6f1c" serveruri="https://pool.contoso.com/PersistentChat/MGCWebService.asmx"/></data></rpl>')).items, 'reply');
    assert.equal(reply.id, 'rpl:getftok');
    assert.equal(reply.seqid, '1');
    assert.equal(reply.commandEnvid, '139132352');
    assert.equal(reply.code, 200);
    assert.equal(reply.text, 'SUCCESS_OK');
    assert.equal(reply.data?.children[0].attrs.token, '6f1c');
  });

  it('takes a reply without <resp> as code 500', () => {
    const reply = only(decodeEnvelope(server('<rpl id="rpl:part" seqid="1"><data><chanib uri="ma-chan://d/v"/></data></rpl>')).items, 'reply');
    assert.equal(reply.code, 500);
    assert.equal(reply.text, '');
    assert.equal(reply.commandEnvid, undefined);
  });

  it('takes an unreadable resp code as 500 and reports it', () => {
    const ignored: string[] = [];
    const reply = only(decodeEnvelope(server('<rpl id="rpl:part"><resp code="OK">x</resp></rpl>'), { onIgnored: (r) => ignored.push(r) }).items, 'reply');
    assert.equal(reply.code, 500);
    assert.match(ignored.join(), /resp code/);
  });

  it('lower-cases reply and notice ids (ids are matched case-insensitively)', () => {
    const items = decodeEnvelope(server('<rpl id="RPL:ChanSrch"><resp code="200"/></rpl><ntc id="NTC:Join"/>')).items;
    assert.deepEqual(items.map((i) => (i as XccosReply | XccosNotice).id), ['rpl:chansrch', 'ntc:join']);
  });

  it('returns several sibling replies, notices and messages in document order', () => {
    const items = decodeEnvelope(server('<rpl id="rpl:join" seqid="1"><commandid envid="5"/><resp code="200">SUCCESS_OK</resp><data/></rpl>'
      + '<ntc id="ntc:part" seqid="2"><data/></ntc>'
      + '<rpl id="rpl:bccontext" seqid="3"><commandid envid="6"/><resp code="403">ERR_PERMISSION</resp></rpl>'
      + '<grpchat id="grpchat" seqid="4" chanUri="ma-chan://d/v" author="sip:bob@d" ts="2013-08-03T12:34:56Z"><chat>hi</chat></grpchat>')).items;
    assert.deepEqual(items.map((i) => i.kind), ['reply', 'notice', 'reply', 'message']);
    const [join, notice, history] = items as [XccosReply, XccosNotice, XccosReply];
    assert.deepEqual([join.commandEnvid, join.code], ['5', 200]);
    assert.deepEqual([notice.id, notice.seqid], ['ntc:part', '2']);
    assert.deepEqual([history.commandEnvid, history.code, history.text, history.data], ['6', 403, 'ERR_PERMISSION', undefined]);
  });

  it('decodes a top-level grpchat as a chat message with its entities decoded', () => {
    const item = only(decodeEnvelope(server('<grpchat id="grpchat" seqid="9" chanUri="ma-chan://contoso.com/4d2f" author="sip:bob@contoso.com" ts="2013-08-03T12:34:56.123Z">'
      + '<chat>Hello &lt;world&gt; &amp; you</chat></grpchat>')).items, 'message');
    assert.deepEqual(item.message, {
      roomUri: 'ma-chan://contoso.com/4d2f', author: 'sip:bob@contoso.com', timestamp: new Date('2013-08-03T12:34:56.123Z'), text: 'Hello <world> & you', seqid: '9',
    });
  });

  it('drops and reports a grpchat without author or chanUri', () => {
    const ignored: string[] = [];
    const { items } = decodeEnvelope(server('<grpchat chanUri="ma-chan://d/v" ts="2013-08-03T12:34:56Z"><chat>x</chat></grpchat>'
      + '<grpchat author="sip:a@d"><chat>y</chat></grpchat>'), { onIgnored: (r) => ignored.push(r) });
    assert.deepEqual(items, []);
    assert.equal(ignored.length, 2);
    assert.match(ignored[0], /without author/);
    assert.match(ignored[1], /without chanUri/);
  });

  it('reports unknown elements and keeps them as unknown items', () => {
    const ignored: string[] = [];
    const { items } = decodeEnvelope(server('<cmd id="cmd:whatever"><data/></cmd><rpl id="rpl:x"/>'), { onIgnored: (r) => ignored.push(r) });
    assert.deepEqual(items.map((i) => i.kind), ['unknown', 'reply']);
    const unknown = items[0] as Extract<XccosItem, { kind: 'unknown' }>;
    assert.equal(unknown.name, 'cmd');
    assert.equal(unknown.xml.attrs.id, 'cmd:whatever');
    assert.match(ignored[0], /unknown element <cmd id="cmd:whatever">/);
  });

  it('tolerates pretty-printed server output', () => {
    const { items } = decodeEnvelope(`<?xml version="1.0" encoding="utf-8"?>\r\n${SERVER_OPEN}\r\n  <rpl id="rpl:requri" seqid="1">\r\n    <resp code="200">SUCCESS_OK</resp>\r\n`
      + '    <data>\r\n      <uib uri="sip:chat@contoso.com"/>\r\n    </data>\r\n  </rpl>\r\n</xccos>\r\n');
    const reply = only(items, 'reply');
    assert.equal(reply.text, 'SUCCESS_OK');
    assert.equal(reply.data?.children[0].attrs.uri, 'sip:chat@contoso.com');
  });

  it('refuses a document that is not an xccos envelope', () => {
    assert.throws(() => decodeEnvelope('<html><body/></html>'), (e: unknown) => LyncError.is(e, 'ProtocolError') && /<html>/.test(e.message));
  });

  it('refuses unsafe or malformed XML as a ProtocolError', () => {
    for (const text of ['<!DOCTYPE xccos><xccos/>', '<xccos><rpl></xccos>', '<xccos>&xxe;</xccos>', 'not xml']) {
      assert.throws(() => decodeEnvelope(text), (e: unknown) => LyncError.is(e, 'ProtocolError'));
    }
  });

  it('applies the size limit it is given', () => {
    const big = server(`<ntc id="ntc:x"><data>${'<uib uri="sip:a@b"/>'.repeat(1000)}</data></ntc>`);
    assert.throws(() => decodeEnvelope(big, { limits: { maxBytes: 10_000 } }), /larger than 10000 bytes/);
    assert.equal(decodeEnvelope(big).items.length, 1);
  });
});
