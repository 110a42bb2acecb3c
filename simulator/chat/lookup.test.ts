import * as assert from 'node:assert/strict';
import { CHAT_SERVER_URI, Harness, SipeClient, createHarness, data, resp } from './testSupport';

describe('sim chat: lookup service and chat server dialogs', () => {
  let h: Harness;
  beforeEach(() => { h = createHarness({ sessionExpiresSec: 600 }); });
  afterEach(() => h.service.dispose());

  it('answers an INVITE to sip:ocschat@<domain> with 200, an m=message SDP answer, a lookup GRUU Contact, Session-Expires and a To tag', () => {
    const client = new SipeClient(h.service);
    const ok = client.invite('sip:ocschat@contoso.com');
    assert.equal(ok?.status, 200);
    assert.match(ok?.header('Contact') ?? '', /^<sip:ocschat@contoso\.com;gruu;opaque=srvr:chat:lookup>$/);
    assert.equal(ok?.header('Session-Expires'), '600;refresher=uac');
    assert.match(ok?.header('To') ?? '', /^<sip:ocschat@contoso\.com>;tag=[0-9A-F]{16}$/);
    assert.equal(ok?.header('Content-Type'), 'application/sdp');
    assert.match(ok?.body.toString() ?? '', /\r\nm=message 5060 sip null\r\n/);
  });

  it('also answers on the provisioned pool URI, and refuses an INVITE without an m=message offer with 488', () => {
    assert.equal(new SipeClient(h.service, 'alice', 1).invite('sip:PersistentChatPool1@contoso.com')?.status, 200);
    assert.equal(new SipeClient(h.service, 'alice', 2).invite('sip:ocschat@contoso.com', false)?.status, 488);
  });

  it('leaves requests for other URIs to the SIP layer', () => {
    assert.equal(new SipeClient(h.service).invite('sip:bob@contoso.com'), undefined);
  });

  it('redirects cmd:requri to the chat server URI in a separate, well-formed in-dialog INFO', () => {
    const client = new SipeClient(h.service);
    client.invite('sip:ocschat@contoso.com');
    client.take();
    assert.equal(client.cmd('cmd:requri')?.status, 200);
    const [ok, info] = client.take();
    assert.equal(ok.status, 200, 'the bare SIP 200 goes out before the reply INFO');
    assert.equal(info.method, 'INFO');
    assert.equal(info.requestUri, 'sip:alice@contoso.com;opaque=user:epid:5ccdb10d-dca1-559e-ad2b-b514060a2da2;gruu');
    assert.match(info.header('Via') ?? '', /^SIP\/2\.0\/TCP pool0\.contoso\.com;branch=z9hG4bK\w+$/);
    assert.equal(info.header('Max-Forwards'), '70');
    assert.equal(info.header('From'), `<sip:ocschat@contoso.com>;tag=${client.toTag}`);
    assert.equal(info.header('To'), `<sip:alice@contoso.com>;tag=${client.fromTag};epid=c97532c1946f`);
    assert.equal(info.header('Call-ID'), client.callId);
    assert.equal(info.header('CSeq'), '1 INFO');
    assert.equal(info.header('Content-Type'), 'text/plain');
    const body = info.body.toString();
    assert.match(body, /^<xccos xmlns:xsd="http:\/\/www\.w3\.org\/2001\/XMLSchema" xmlns:xsi="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance" ver="1" envid="(\d+)" xmlns="urn:parlano:xml:ns:xccos">/);
    assert.ok(BigInt(/envid="(\d+)"/.exec(body)?.[1] ?? '0') >= 7962449779256945056n);
    assert.match(body, new RegExp(`<rpl id="rpl:requri" seqid="1"><commandid seqid="1" envid="${client.envid}"/><resp code="200">SUCCESS_OK</resp><data><uib uri="${CHAT_SERVER_URI}"/></data></rpl>`));
  });

  it('numbers its own requests in a dialog 1, 2, 3 and gives every envelope a new envid', () => {
    const client = new SipeClient(h.service);
    client.invite('sip:ocschat@contoso.com');
    client.take();
    client.cmd('cmd:requri');
    client.cmd('cmd:requri');
    const infos = client.take().filter((m) => m.isRequest);
    assert.deepEqual(infos.map((m) => m.header('CSeq')), ['1 INFO', '2 INFO']);
    const envids = infos.map((m) => /envid="(\d+)"/.exec(m.body.toString())?.[1]);
    assert.notEqual(envids[0], envids[1]);
  });

  it('uses the transport of the client\'s Via (TLS) in its own Via', () => {
    const client = new SipeClient(h.service, 'alice', 1, 'TLS');
    client.invite('sip:ocschat@contoso.com');
    client.cmd('cmd:requri');
    const info = client.take().find((m) => m.isRequest);
    assert.match(info?.header('Via') ?? '', /^SIP\/2\.0\/TLS pool0\.contoso\.com;branch=z9hG4bK/);
  });

  it('supports only cmd:requri on the lookup dialog (others get MSG_NOT_SUPPORTED)', () => {
    const client = new SipeClient(h.service);
    client.invite('sip:ocschat@contoso.com');
    client.take();
    client.cmd('cmd:getserverinfo', '<data><sib domain="contoso.com" infoType="123"/></data>');
    const [rpl] = client.items();
    assert.equal(rpl.attrs.id, 'rpl:getserverinfo');
    assert.deepEqual(resp(rpl), { code: '501', text: 'MSG_NOT_SUPPORTED' });
  });

  it('accepts the client\'s BYE of the lookup dialog with 200 and forgets it', () => {
    const client = new SipeClient(h.service);
    client.invite('sip:ocschat@contoso.com');
    assert.equal(h.service.ownsCallId(client.callId), true);
    assert.equal(client.request('BYE')?.status, 200);
    assert.equal(h.service.ownsCallId(client.callId), false);
    assert.deepEqual(h.service.sessions(), []);
  });

  it('answers an INVITE to the chat server URI with a chat-server GRUU Contact and Session-Expires', () => {
    const client = new SipeClient(h.service);
    const ok = client.invite(CHAT_SERVER_URI);
    assert.equal(ok?.status, 200);
    assert.equal(ok?.header('Contact'), `<${CHAT_SERVER_URI};gruu;opaque=srvr:chat:server>`);
    assert.equal(ok?.header('Session-Expires'), '600;refresher=uac');
    assert.deepEqual(h.service.users(), ['sip:alice@contoso.com']);
    assert.equal(h.service.sessions()[0].kind, 'chat');
  });

  it('keeps a chat server URI that is already a GRUU as its Contact and returns it verbatim in rpl:requri', () => {
    h.service.dispose();
    const gruu = 'sip:PersistentChatService@contoso.com;gruu;opaque=srvr:PersistentChat:AN4hjYBmBlGvtzGSYPeYUQAA';
    h = createHarness({ chatServerUri: gruu });
    const lookup = new SipeClient(h.service, 'alice', 1);
    lookup.invite('sip:ocschat@contoso.com');
    lookup.take();
    lookup.cmd('cmd:requri');
    assert.equal(data(lookup.items()[0])?.children[0].attrs.uri, gruu);
    const chat = new SipeClient(h.service, 'alice', 1);
    assert.equal(chat.invite(gruu)?.header('Contact'), `<${gruu}>`);
  });

  it('answers cmd:getserverinfo with a sib carrying the server limits and root category', () => {
    const client = new SipeClient(h.service);
    client.invite(CHAT_SERVER_URI);
    client.take();
    client.cmd('cmd:getserverinfo', '<data><sib domain="contoso.com" infoType="123"/></data>');
    const [rpl] = client.items();
    assert.equal(rpl.attrs.id, 'rpl:getserverinfo');
    assert.deepEqual(resp(rpl), { code: '200', text: 'SUCCESS_OK' });
    const sib = data(rpl)?.children[0];
    assert.equal(sib?.name, 'sib');
    assert.equal(sib?.attrs.infoType, '123');
    assert.equal(sib?.attrs.messageSizeLimit, '512');
    assert.equal(sib?.attrs.searchLimit, '999');
    assert.equal(sib?.attrs.storySizeLimit, '4096');
    assert.equal(sib?.attrs.rootUri, 'ma-cat://contoso.com/0f99ae28-527c-49a9-8cc8-4a489423f66c');
    assert.match(sib?.attrs.serverTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    assert.match(sib?.attrs.dbVersion ?? '', /^[0-9a-f-]{36}$/);
  });
});
