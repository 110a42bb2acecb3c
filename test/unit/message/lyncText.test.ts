import assert from 'node:assert/strict';
import { lyncify } from '../../../src/sip/message/lyncText';

const AOR = 'sip:alice@contoso.com';
const EPID = '0123456789';

const message = (...head: string[]) => `${head.join('\r\n')}\r\n\r\nFrom: body text stays`;

describe('lyncify (sip.js text made Lync-shaped)', () => {
  it('adds our epid to a From naming our own address, and drops an empty Supported line', () => {
    const text = message('INFO sip:chat@contoso.com SIP/2.0', 'Supported: ', 'From: <sip:alice@contoso.com>;tag=a1', 'To: <sip:chat@contoso.com>');
    assert.equal(lyncify(text, AOR, EPID), message('INFO sip:chat@contoso.com SIP/2.0', `From: <sip:alice@contoso.com>;tag=a1;epid=${EPID}`, 'To: <sip:chat@contoso.com>'));
  });

  it('understands the compact From name in any case', () => {
    const text = message('INFO sip:chat@contoso.com SIP/2.0', 'F: <sip:alice@contoso.com>;tag=a1');
    assert.equal(lyncify(text, AOR, EPID), message('INFO sip:chat@contoso.com SIP/2.0', `F: <sip:alice@contoso.com>;tag=a1;epid=${EPID}`));
  });

  it("leaves a From that already has an epid, or names someone else (our answers to the server's requests), as it is", () => {
    const own = message('SIP/2.0 200 OK', 'From: <sip:alice@contoso.com>;tag=a1; epid=ffff', 'To: <sip:chat@contoso.com>');
    const server = message('SIP/2.0 200 OK', 'From: <sip:chat@contoso.com>;tag=s1', `To: <sip:alice@contoso.com>;tag=a1`);
    assert.equal(lyncify(own, AOR, EPID), own);
    assert.equal(lyncify(server, AOR, EPID), server);
  });

  it('changes only the first From line and never the body', () => {
    const text = message('INFO sip:chat@contoso.com SIP/2.0', 'From: <sip:alice@contoso.com>', 'From: <sip:alice@contoso.com>');
    assert.equal(lyncify(text, AOR, EPID), message('INFO sip:chat@contoso.com SIP/2.0', `From: <sip:alice@contoso.com>;epid=${EPID}`, 'From: <sip:alice@contoso.com>'));
  });
});
