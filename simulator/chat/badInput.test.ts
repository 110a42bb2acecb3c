import * as assert from 'node:assert/strict';
import { LyncError } from '../../src/common/errors';
import { parseXml } from '../../src/common/xml';
import { Harness, SipeClient, connectChat, createHarness, resp } from './testSupport';

describe('sim chat: bad input', () => {
  let h: Harness;
  let alice: SipeClient;
  beforeEach(() => {
    h = createHarness();
    alice = connectChat(h.service, 'alice', 1);
  });
  afterEach(() => h.service.dispose());

  function rejects(body: string, what: string): void {
    const logged = h.logLines.length;
    const response = alice.request('INFO', body);
    assert.equal(response?.status, 400, what);
    assert.deepEqual(alice.take().filter((m) => m.isRequest), [], `no XCCOS reply to ${what}`);
    assert.ok(h.logLines.slice(logged).some((l) => /rejected INFO from sip:alice@contoso\.com/.test(l)), `${what} is logged`);
    assert.equal(alice.cmd('cmd:getserverinfo')?.status, 200, `the session keeps working after ${what}`);
    assert.equal(alice.items()[0].attrs.id, 'rpl:getserverinfo');
  }

  it('answers 400 to XML with a DOCTYPE (entity expansion attempt)', () => {
    rejects('<!DOCTYPE xccos [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><xccos ver="1" envid="1" xmlns="urn:parlano:xml:ns:xccos"><cmd id="cmd:chansrch" seqid="1"><data><qib qtype="BYNAME" criteria="&b;"/></data></cmd></xccos>', 'a DTD');
  });

  it('answers 400 to an entity beyond the five predefined ones', () => {
    rejects('<xccos ver="1" envid="1" xmlns="urn:parlano:xml:ns:xccos"><grpchat id="grpchat" seqid="1" chanUri="x" author="sip:alice@contoso.com" ts="2013-08-03T12:34:56Z"><chat>&nbsp;</chat></grpchat></xccos>', 'an undefined entity');
  });

  it('answers 400 to a body over 64 KiB', () => {
    const text = 'x'.repeat(64 * 1024);
    rejects(`<xccos ver="1" envid="1" xmlns="urn:parlano:xml:ns:xccos"><grpchat id="grpchat" seqid="1" chanUri="x" author="sip:alice@contoso.com" ts="2013-08-03T12:34:56Z"><chat>${text}</chat></grpchat></xccos>`, 'an oversize body');
  });

  it('answers 400 to malformed XML and to XML that is no xccos envelope', () => {
    rejects('<xccos ver="1" envid="1" xmlns="urn:parlano:xml:ns:xccos"><cmd id="cmd:getinv" seqid="1"><data></cmd></xccos>', 'mismatched tags');
    rejects('\u0000\u0001garbage', 'binary garbage');
    rejects('<html><body>hello</body></html>', 'a non-xccos root');
  });

  it('answers an unknown command with a MSG_NOT_SUPPORTED reply named after it', () => {
    assert.equal(alice.cmd('cmd:frobnicate')?.status, 200);
    const [rpl] = alice.items();
    assert.equal(rpl.attrs.id, 'rpl:frobnicate');
    assert.deepEqual(resp(rpl), { code: '501', text: 'MSG_NOT_SUPPORTED' });
  });

  it('ignores unknown top-level elements without replying', () => {
    assert.equal(alice.xccos('<whatever id="x"/>')?.status, 200);
    assert.deepEqual(alice.items(), []);
  });

  it('handles each command of a multi-command envelope', () => {
    alice.xccos('<cmd id="cmd:getserverinfo" seqid="1"><data/></cmd><cmd id="cmd:getinv" seqid="2"><data><inv inviteId="0" domain="contoso.com"/></data></cmd>');
    assert.deepEqual(alice.items().map((i) => [i.attrs.id, i.attrs.seqid]), [['rpl:getserverinfo', '1'], ['rpl:getinv', '2']]);
  });

  it('sends a malformed XCCOS envelope on request (control API) that an XML parser rejects', () => {
    const bob = new SipeClient(h.service, 'bob', 2);
    bob.invite('sip:ocschat@contoso.com'); // a lookup dialog is not targeted
    assert.equal(h.service.sendMalformedXccos('sip:alice@contoso.com'), 1);
    const [info] = alice.take();
    assert.equal(info.method, 'INFO');
    assert.equal(info.header('Content-Type'), 'text/plain');
    assert.throws(() => parseXml(info.body.toString()), (err: unknown) => LyncError.is(err, 'ProtocolError'));
  });
});
