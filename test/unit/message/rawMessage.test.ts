import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { headerParam, insertHeader, parseRawMessage, removeHeaders, uriOfNameAddr } from '../../../src/sip/message/rawMessage';

const RINGING = [
  'SIP/2.0 180 Ringing',
  'Authentication-Info: NTLM rspauth="010000003EA8D688BA51D5CD64000000", srand="1B6D47A1", snum="11", opaque="357E6F72", qop="auth", targetname="LOC-COMPANYT-FE03.COMPANY.COM", realm="SIP Communications Service"',
  'FROM: "Sender"<sip:sender@company.com>;tag=2420628112;epid=54392f1bbf01',
  'TO: "recipient"<sip:recipient@company.com>;tag=7aee15546a;epid=3102EB8BD1',
  'CSEQ: 1 INVITE',
  'CALL-ID: 41CEg82ECa0AC8i3DD7mE673t9CF4b19DAxF780x',
  'CONTENT-LENGTH: 0',
  '',
  '',
].join('\r\n');

describe('parseRawMessage', () => {
  it('parses a request line, headers in order with names as written, and the body bytes', () => {
    const text = 'INFO sip:ocschat@contoso.com;gruu SIP/2.0\r\nCall-ID: abc\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nh\u00e9llo';
    const msg = parseRawMessage(Buffer.from(text, 'utf8'));
    assert.equal(msg.isRequest, true);
    assert.equal(msg.method, 'INFO');
    assert.equal(msg.requestUri, 'sip:ocschat@contoso.com;gruu');
    assert.equal(msg.status, undefined);
    assert.deepEqual(msg.headers.map((h) => h.name), ['Call-ID', 'Content-Type', 'Content-Length']);
    assert.equal(msg.body.length, 6);
    assert.equal(msg.body.toString('utf8'), 'h\u00e9llo');
    assert.equal(msg.text, text);
  });

  it('parses a status line with status and reason', () => {
    const msg = parseRawMessage(RINGING);
    assert.equal(msg.isRequest, false);
    assert.equal(msg.status, 180);
    assert.equal(msg.reason, 'Ringing');
    assert.equal(msg.method, undefined);
  });

  it('looks headers up case-insensitively (upper-case names as a Nokia client writes them)', () => {
    const msg = parseRawMessage(RINGING);
    assert.equal(msg.header('From'), '"Sender"<sip:sender@company.com>;tag=2420628112;epid=54392f1bbf01');
    assert.equal(msg.header('call-id'), '41CEg82ECa0AC8i3DD7mE673t9CF4b19DAxF780x');
    assert.equal(msg.header('CSeq'), '1 INVITE');
    assert.equal(msg.header('Expires'), undefined);
  });

  it('understands compact header forms in both directions', () => {
    const msg = parseRawMessage('MESSAGE sip:a@b SIP/2.0\r\ni: cid\r\nf: <sip:x@y>;tag=1\r\nt: <sip:a@b>\r\nm: <sip:c@d>\r\nc: text/plain\r\nv: SIP/2.0/TCP h\r\nk: gruu\r\ns: hi\r\ne: gzip\r\nl: 0\r\n\r\n');
    assert.equal(msg.header('Call-ID'), 'cid');
    assert.equal(msg.header('From'), '<sip:x@y>;tag=1');
    assert.equal(msg.header('to'), '<sip:a@b>');
    assert.equal(msg.header('Contact'), '<sip:c@d>');
    assert.equal(msg.header('Content-Type'), 'text/plain');
    assert.equal(msg.header('Via'), 'SIP/2.0/TCP h');
    assert.equal(msg.header('Supported'), 'gruu');
    assert.equal(msg.header('Subject'), 'hi');
    assert.equal(msg.header('Content-Encoding'), 'gzip');
    assert.equal(msg.header('Content-Length'), '0');
    assert.equal(parseRawMessage('SIP/2.0 200 OK\r\nCall-ID: long\r\n\r\n').header('i'), 'long');
  });

  it('returns every line of a repeated header as written, without splitting on commas', () => {
    const msg = parseRawMessage('SIP/2.0 401 Unauthorized\r\nWWW-Authenticate: NTLM realm="a", targetname="b", version=4\r\nwww-authenticate: Kerberos realm="a", targetname="sip/b"\r\nContent-Length: 0\r\n\r\n');
    assert.deepEqual(msg.headerAll('WWW-Authenticate'), ['NTLM realm="a", targetname="b", version=4', 'Kerberos realm="a", targetname="sip/b"']);
    assert.equal(msg.header('WWW-Authenticate'), 'NTLM realm="a", targetname="b", version=4');
  });

  it('joins folded continuation lines', () => {
    const msg = parseRawMessage('SIP/2.0 200 OK\r\nSubject: one\r\n  two\r\nContent-Length: 0\r\n\r\n');
    assert.equal(msg.header('Subject'), 'one two');
  });

  it('throws ProtocolError on a malformed start line', () => {
    assert.throws(() => parseRawMessage('HELLO\r\n\r\n'), (e: unknown) => LyncError.is(e, 'ProtocolError'));
    assert.throws(() => parseRawMessage('SIP/2.0 20 OK\r\n\r\n'), (e: unknown) => LyncError.is(e, 'ProtocolError'));
  });

  it('throws ProtocolError on a header line without a colon', () => {
    assert.throws(() => parseRawMessage('SIP/2.0 200 OK\r\nno colon here\r\n\r\n'), (e: unknown) => LyncError.is(e, 'ProtocolError'));
  });
});

describe('insertHeader / removeHeaders', () => {
  const base = 'REGISTER sip:contoso.com SIP/2.0\r\nCall-ID: x\r\nAuthorization: NTLM old\r\nContent-Length: 5\r\n\r\nhello';

  it('adds a header as the last one, before the blank line, leaving the body alone', () => {
    assert.equal(insertHeader(base, 'X-Test: 1'), 'REGISTER sip:contoso.com SIP/2.0\r\nCall-ID: x\r\nAuthorization: NTLM old\r\nContent-Length: 5\r\nX-Test: 1\r\n\r\nhello');
  });

  it('removes every header of a name, case-insensitively, with continuation lines', () => {
    const text = 'SIP/2.0 200 OK\r\nauthorization: a\r\n b\r\nCall-ID: x\r\nAUTHORIZATION: c\r\nContent-Length: 0\r\n\r\n';
    assert.equal(removeHeaders(text, 'Authorization'), 'SIP/2.0 200 OK\r\nCall-ID: x\r\nContent-Length: 0\r\n\r\n');
  });

  it('does not touch header-like lines in the body', () => {
    const text = 'INFO sip:a@b SIP/2.0\r\nContent-Length: 16\r\n\r\nAuthorization: x';
    assert.equal(removeHeaders(text, 'Authorization'), text);
  });
});

describe('headerParam / uriOfNameAddr', () => {
  it('reads tag and epid after the name-addr, ignoring URI parameters inside <>', () => {
    const value = '<sip:alice@contoso.com;opaque=user:epid:x;gruu>;tag=123;epid=c97532c1946f';
    assert.equal(headerParam(value, 'tag'), '123');
    assert.equal(headerParam(value, 'EPID'), 'c97532c1946f');
    assert.equal(headerParam(value, 'opaque'), undefined);
    assert.equal(uriOfNameAddr(value), 'sip:alice@contoso.com;opaque=user:epid:x;gruu');
  });

  it('handles a quoted display name containing ; , and <', () => {
    const value = '"Doe; John, <x>"<sip:john@d.com>;tag=9';
    assert.equal(uriOfNameAddr(value), 'sip:john@d.com');
    assert.equal(headerParam(value, 'tag'), '9');
  });

  it('handles From/To written without angle brackets', () => {
    const value = 'sip:sender@company.com;tag=2420628112;epid=54392f1bbf01';
    assert.equal(uriOfNameAddr(value), 'sip:sender@company.com');
    assert.equal(headerParam(value, 'tag'), '2420628112');
  });

  it('unquotes quoted parameter values and reads auth-param lists', () => {
    assert.equal(headerParam('<urn:x>;+sip.instance="<urn:uuid:abc>"', '+sip.instance'), '<urn:uuid:abc>');
    assert.equal(headerParam('NTLM realm="SIP Communications Service", targetname="a.b", version=4', 'realm'), 'SIP Communications Service');
    assert.equal(headerParam('NTLM realm="SIP Communications Service", targetname="a.b", version=4', 'version'), '4');
    assert.equal(headerParam('7200;refresher=uac', 'refresher'), 'uac');
  });

  it('gives an empty string for a parameter without a value and undefined when absent', () => {
    assert.equal(headerParam('<sip:a@b>;lr;tag=1', 'lr'), '');
    assert.equal(headerParam('<sip:a@b>', 'tag'), undefined);
  });
});
