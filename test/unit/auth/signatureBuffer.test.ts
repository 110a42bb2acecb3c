/** docs/protocol/test-vectors.md#signature-buffer-parsing: signature-buffer parsing (pidgin-sipe's message tests). */
import assert from 'node:assert/strict';
import { parseRawMessage } from '../../../src/sip/message/rawMessage';
import { assertedIdentityUris, parseAuthHeader, signatureBuffer } from '../../../src/sip/auth/sipae';

const RINGING = [
  'SIP/2.0 180 Ringing',
  'Authentication-Info: NTLM rspauth="010000003EA8D688BA51D5CD64000000", srand="1B6D47A1", snum="11", opaque="357E6F72", qop="auth", targetname="LOC-COMPANYT-FE03.COMPANY.COM", realm="SIP Communications Service"',
  'Via: SIP/2.0/tls 192.168.44.10:50230;received=10.117.245.254;ms-received-port=50230;ms-received-cid=37ABE00',
  'FROM: "Sender"<sip:sender@company.com>;tag=2420628112;epid=54392f1bbf01',
  'TO: "recipient"<sip:recipient@company.com>;tag=7aee15546a;epid=3102EB8BD1',
  'CSEQ: 1 INVITE',
  'CALL-ID: 41CEg82ECa0AC8i3DD7mE673t9CF4b19DAxF780x',
  'RECORD-ROUTE: <sip:LOC-COMPANYT-OCSR2P01.COMPANY.COM:5061;transport=tls;ms-fe=LOC-COMPANYT-FE03.COMPANY.COM;opaque=state:F:T:Eu:Ci.R37abe00;lr;ms-route-sig=gdOGgL7NiL3hv_oBc0NdrJOxZk_r-8naq-k_DtpgAA>',
  'CONTACT: <sip:recipient@company.com;opaque=user:epid:-gLwenLTVVqy-Ak8TJn1ZAAA;gruu>;text;audio;video',
  'CONTENT-LENGTH: 0',
  'SUPPORTED: gruu-10',
  'ALLOW: UPDATE',
  'P-ASSERTED-IDENTITY: "recipient"<SIP:recipient@company.com>',
  'SERVER: RTCC/3.5.0.0 MCXService/3.5.0.0 communicator.NOKIAS60R2.JVP.EN_US/1.0.6875.0',
  '', '',
].join('\r\n');
const EXPECTED = '<NTLM><1B6D47A1><11><SIP Communications Service><LOC-COMPANYT-FE03.COMPANY.COM><41CEg82ECa0AC8i3DD7mE673t9CF4b19DAxF780x><1><INVITE><sip:sender@company.com><2420628112><sip:recipient@company.com><7aee15546a><SIP:recipient@company.com><><><180>';

function fieldsFromAuthenticationInfo(text: string) {
  const info = parseAuthHeader(parseRawMessage(text).header('Authentication-Info') ?? '');
  return { scheme: info.scheme, rand: info.params.srand ?? '', num: info.params.snum ?? '', realm: info.params.realm ?? '', targetname: info.params.targetname ?? '', version: 4 };
}

describe('signatureBuffer (version 4 layout)', () => {
  it('builds the sipe vector from upper-case header names, with the P-Asserted-Identity sip URI', () => {
    assert.equal(signatureBuffer(parseRawMessage(RINGING), fieldsFromAuthenticationInfo(RINGING)), EXPECTED);
  });

  it('gives the same buffer when From/To are written without angle brackets', () => {
    const bare = RINGING
      .replace('FROM: "Sender"<sip:sender@company.com>;tag=2420628112;epid=54392f1bbf01', 'FROM: sip:sender@company.com;tag=2420628112;epid=54392f1bbf01')
      .replace('TO: "recipient"<sip:recipient@company.com>;tag=7aee15546a;epid=3102EB8BD1', 'TO: sip:recipient@company.com;tag=7aee15546a;epid=3102EB8BD1');
    assert.notEqual(bare, RINGING);
    assert.equal(signatureBuffer(parseRawMessage(bare), fieldsFromAuthenticationInfo(bare)), EXPECTED);
  });

  it('uses P-Preferred-Identity when P-Asserted-Identity is absent, and puts tel: URIs in their own field', () => {
    const text = RINGING.replace('P-ASSERTED-IDENTITY: "recipient"<SIP:recipient@company.com>', 'P-Preferred-Identity: <sip:pp@company.com>, <tel:+4912345>');
    assert.equal(signatureBuffer(parseRawMessage(text), fieldsFromAuthenticationInfo(text)),
      EXPECTED.replace('<SIP:recipient@company.com><>', '<sip:pp@company.com><tel:+4912345>'));
  });

  it('appends nothing after <Expires> for requests and takes the method from the request line', () => {
    const text = 'BYE sip:a@b SIP/2.0\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b>;tag=2\r\nCall-ID: x\r\nCSeq: 7 BYE\r\nExpires: 0\r\nContent-Length: 0\r\n\r\n';
    assert.equal(signatureBuffer(parseRawMessage(text), { scheme: 'NTLM', rand: 'r', num: '3', realm: 'R', targetname: 'T', version: 3 }),
      '<NTLM><r><3><R><T><x><7><BYE><sip:c@d><1><sip:a@b><2><><><0>');
  });
});

describe('assertedIdentityUris (sipe P-Asserted-Identity cases)', () => {
  it('reads a display-name sip URI', () => {
    assert.deepEqual(assertedIdentityUris('"Cullen Jennings" <sip:fluffy@cisco.com>'), { sip: 'sip:fluffy@cisco.com', tel: '' });
  });

  it('takes a bare tel: value whole', () => {
    assert.deepEqual(assertedIdentityUris('tel:+14085264000'), { sip: '', tel: 'tel:+14085264000' });
  });

  it('reads both URIs of a comma-separated value with a comma in the display name', () => {
    assert.deepEqual(assertedIdentityUris('"Lunch, Lucas" <sip:llucas@cisco.com>,<tel:+420123456;ext=88463>'),
      { sip: 'sip:llucas@cisco.com', tel: 'tel:+420123456;ext=88463' });
  });
});
