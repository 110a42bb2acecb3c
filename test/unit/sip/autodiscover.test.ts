import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { redact } from '../../../src/common/logger';
import { autodiscoverUrls, serversOf } from '../../../src/sip/autodiscover/autodiscover';
import { parseAutodiscoverDocument, safeHttpsUrl } from '../../../src/sip/autodiscover/autodiscoverXml';
import { challengeData, chooseHttpAuthScheme, NtlmHttpAuth, offeredSchemes } from '../../../src/sip/autodiscover/httpAuth';
import { inDomain, samlAssertion } from '../../../src/sip/autodiscover/webTicket';
import { NtlmFlag } from '../../../src/sip/auth/ntlm';
import { acceptAuthenticateMessage, createChallengeMessage, DEFAULT_SERVER_CHALLENGE_FLAGS } from '../../../simulator/auth/ntlmServer';

const HEAD = '<?xml version="1.0" encoding="utf-8"?>';
const root = (links: string) => `${HEAD}<AutodiscoverResponse xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Root>${links}</Root></AutodiscoverResponse>`;
const user = (body: string, location = 'Internal') => `${HEAD}<AutodiscoverResponse AccessLocation="${location}"><User>${body}</User></AutodiscoverResponse>`;
const refusedXml = (e: unknown) => LyncError.is(e, 'ProtocolError');

describe('Lync Autodiscover documents', () => {
  it('reads the root resource\'s User and Redirect links (tokens in any case), ignoring the others', () => {
    const doc = parseAutodiscoverDocument(root(
      '<Link token="Domain" href="https://lyncwebint.contoso.com/Autodiscover/AutodiscoverService.svc/root/domain"/>' +
      '<Link token="user" href="https://lyncwebint.contoso.com/Autodiscover/AutodiscoverService.svc/root/user"/>' +
      '<Link token="OAuth" href="https://lyncwebint.contoso.com/WebTicket/oauthtoken"/>'));
    assert.equal(doc.user?.href, 'https://lyncwebint.contoso.com/Autodiscover/AutodiscoverService.svc/root/user');
    assert.equal(doc.redirect, undefined);
    assert.equal(parseAutodiscoverDocument(root('<Link token="Redirect" href="https://lyncdiscover.fabrikam.com/?sipuri=a"/>')).redirect?.hostname, 'lyncdiscover.fabrikam.com');
  });

  it('reads the User resource\'s SipClientInternalAccess, SipClientExternalAccess and AccessLocation (not the SipServer… elements)', () => {
    const doc = parseAutodiscoverDocument(user(
      '<SipServerInternalAccess fqdn="fe.contoso.com" port="5061"/><SipClientInternalAccess fqdn="pool0.contoso.com." port="5061"/>' +
      '<SipServerExternalAccess fqdn="edge.contoso.com" port="5061"/><SipClientExternalAccess fqdn="sip.contoso.com" port="443"/>'));
    assert.deepEqual(doc.internal, { fqdn: 'pool0.contoso.com', port: 5061 });
    assert.deepEqual(doc.external, { fqdn: 'sip.contoso.com', port: 443 });
    assert.equal(doc.accessLocation, 'Internal');
  });

  it('tries the internal then the external server, but only the external one when the client is told it is outside', () => {
    const internal = { fqdn: 'pool0.contoso.com', port: 5061 };
    const external = { fqdn: 'sip.contoso.com', port: 443 };
    assert.deepEqual(serversOf({ accessLocation: 'Internal', internal, external }), [internal, external]);
    assert.deepEqual(serversOf({ internal, external }), [internal, external]);
    assert.deepEqual(serversOf({ accessLocation: 'External', internal, external }), [external]);
    assert.deepEqual(serversOf({ accessLocation: 'External', internal }), []);
  });

  it('asks lyncdiscoverinternal then lyncdiscover, with the address (no sip: prefix) escaped in sipuri', () => {
    assert.deepEqual(autodiscoverUrls('contoso.com', 'sip:alice@contoso.com').map((u) => u.href), [
      'https://lyncdiscoverinternal.contoso.com/?sipuri=alice%40contoso.com',
      'https://lyncdiscover.contoso.com/?sipuri=alice%40contoso.com',
    ]);
  });

  describe('hostile documents', () => {
    it('refuses a DOCTYPE (entity expansion), a document over 32 KiB, deep nesting and element floods', () => {
      assert.throws(() => parseAutodiscoverDocument(`<!DOCTYPE r [<!ENTITY a "aaaa">]><AutodiscoverResponse>&a;</AutodiscoverResponse>`), refusedXml);
      assert.throws(() => parseAutodiscoverDocument(root(`<Link token="User" href="https://a.contoso.com/"/>${' '.repeat(33 * 1024)}`)), refusedXml);
      assert.throws(() => parseAutodiscoverDocument(`<AutodiscoverResponse>${'<a>'.repeat(20)}${'</a>'.repeat(20)}</AutodiscoverResponse>`), refusedXml);
      assert.throws(() => parseAutodiscoverDocument(root('<Link/>'.repeat(500))), refusedXml);
    });

    it('refuses what is not an Autodiscover document: another root element, HTML, truncated XML, nothing', () => {
      for (const text of ['<html><body>Sign in</body></html>', '<Root><Link token="User" href="https://a.contoso.com/"/></Root>', '<AutodiscoverResponse><Root>', '', 'null']) {
        assert.throws(() => parseAutodiscoverDocument(text), refusedXml, text);
      }
    });

    it('ignores links that are not https to a plain host name: http, javascript:, credentials, odd host names, over-long', () => {
      for (const href of ['http://lyncweb.contoso.com/user', 'javascript:alert(1)', 'https://u:p@lyncweb.contoso.com/', 'https://lync web.contoso.com/',
        'https://[::1]/', 'file:///etc/passwd', `https://lyncweb.contoso.com/${'a'.repeat(2100)}`, '', 'https://-/']) {
        assert.equal(parseAutodiscoverDocument(root(`<Link token="User" href="${href.replace(/&/g, '&amp;')}"/>`)).user, undefined, href);
        assert.equal(safeHttpsUrl(href), undefined, href);
      }
    });

    it('ignores SIP access with an odd host name or a port out of range', () => {
      for (const [fqdn, port] of [['pool0.contoso.com;transport=tcp', '5061'], ['pool0 contoso.com', '5061'], ['', '5061'], ['a'.repeat(300), '5061'],
        ['pool0.contoso.com', '0'], ['pool0.contoso.com', '65536'], ['pool0.contoso.com', '5061abc'], ['pool0.contoso.com', ''], ['pool0.contoso.com', '50.5']]) {
        const doc = parseAutodiscoverDocument(user(`<SipClientInternalAccess fqdn="${fqdn}" port="${port}"/>`));
        assert.equal(doc.internal, undefined, `${fqdn}:${port}`);
      }
    });

    it('takes the first of repeated links and ignores an unknown AccessLocation', () => {
      const doc = parseAutodiscoverDocument(`${HEAD}<AutodiscoverResponse AccessLocation="Mars"><Root>` +
        '<Link token="User" href="https://one.contoso.com/"/><Link token="User" href="https://two.contoso.com/"/></Root></AutodiscoverResponse>');
      assert.equal(doc.user?.hostname, 'one.contoso.com');
      assert.equal(doc.accessLocation, undefined);
    });
  });
});

describe('web ticket', () => {
  const assertion = '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" AssertionID="_abc"><saml:Conditions/></saml:Assertion>';

  it('takes the SAML Assertion element, as raw XML, from the WS-Trust answer', () => {
    const body = `${HEAD}<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><RequestSecurityTokenResponse>` +
      `<RequestedSecurityToken>${assertion}</RequestedSecurityToken></RequestSecurityTokenResponse></s:Body></s:Envelope>`;
    assert.equal(samlAssertion(body), assertion);
  });

  it('sends the password only to a Web Ticket service in the user\'s SIP domain', () => {
    assert.ok(inDomain('lyncwebint.contoso.com', 'contoso.com'));
    assert.ok(inDomain('LYNCWEB.Contoso.com.', 'contoso.com'));
    assert.ok(!inDomain('lyncweb.contoso.com.evil.net', 'contoso.com'));
    assert.ok(!inDomain('evilcontoso.com', 'contoso.com'));
  });

  it('refuses an answer without an Assertion, or one with a DOCTYPE', () => {
    assert.throws(() => samlAssertion(`${HEAD}<s:Envelope xmlns:s="x"><s:Body/></s:Envelope>`), refusedXml);
    assert.throws(() => samlAssertion(`<!DOCTYPE x [<!ENTITY e "e">]><Envelope>${assertion}</Envelope>`), refusedXml);
  });

  it('is never logged: the X-MS-WebTicket header, the assertion and its base64 form are redacted', () => {
    const opaque = Buffer.from(assertion).toString('base64');
    const text = redact(`GET /root/user HTTP/1.1\r\nX-MS-WebTicket: opaque=${opaque}\r\nAccept: x\r\n\r\nticket ${assertion} and opaque=${opaque}`);
    assert.ok(!text.includes(opaque), text);
    assert.ok(!text.includes('AssertionID'), text);
    assert.match(text, /X-MS-WebTicket: <redacted>/);
    assert.match(redact('X-MS-WebTicketURL: https://lyncwebint.contoso.com/WebTicket/WebTicketService.svc'), /WebTicketService\.svc/, 'the service URL is no secret');
  });
});

describe('HTTP authentication for the Web Ticket service', () => {
  const credential = { login: 'CONTOSO\\alice', password: 'secret' };
  const challenge = createChallengeMessage({
    netbiosDomain: 'CONTOSO', netbiosComputer: 'POOL0', dnsDomain: 'contoso.com', dnsComputer: 'pool0.contoso.com',
    flags: (DEFAULT_SERVER_CHALLENGE_FLAGS & ~NtlmFlag.DATAGRAM & ~NtlmFlag.IDENTIFY) >>> 0,
  });

  it('answers a connection-oriented NTLM challenge (no DATAGRAM) with an AUTHENTICATE the server accepts for the right password', () => {
    const auth = new NtlmHttpAuth(credential);
    const negotiate = Buffer.from(auth.initial().replace(/^NTLM /, ''), 'base64');
    assert.equal(negotiate.subarray(0, 8).toString('latin1'), 'NTLMSSP\0');
    assert.equal(negotiate.readUInt32LE(8), 1, 'a NEGOTIATE first');
    const answer = Buffer.from(auth.respond(challenge.raw.toString('base64')).replace(/^NTLM /, ''), 'base64');
    const accepted = acceptAuthenticateMessage(challenge, answer, (name, domain) => (name === 'alice' && domain === 'CONTOSO' ? 'secret' : undefined));
    assert.equal(accepted.user, 'alice');
    assert.throws(() => acceptAuthenticateMessage(challenge, answer, () => 'wrong'), (e: unknown) => LyncError.is(e, 'AuthenticationFailed'));
  });

  it('answers one challenge only: a second one means the service refused the answer', () => {
    const auth = new NtlmHttpAuth(credential);
    auth.respond(challenge.raw.toString('base64'));
    assert.throws(() => auth.respond(challenge.raw.toString('base64')), (e: unknown) => LyncError.is(e, 'AuthenticationFailed'));
  });

  it('chooses NTLM among the offered schemes when Kerberos is turned off, and nothing without NTLM or without a credential', async () => {
    const ntlmOnly = { ...credential, authentication: 'ntlm' as const };
    assert.deepEqual(offeredSchemes('Negotiate, NTLM'), ['Negotiate', 'NTLM']);
    assert.equal((await chooseHttpAuthScheme(['Negotiate', 'NTLM'], ntlmOnly, 'lyncwebint.contoso.com'))?.name, 'NTLM');
    assert.equal(await chooseHttpAuthScheme(['Negotiate'], ntlmOnly, 'lyncwebint.contoso.com'), undefined);
    assert.equal(await chooseHttpAuthScheme(['NTLM'], undefined, 'lyncwebint.contoso.com'), undefined);
  });

  it('reads the challenge data of its own scheme only, and only plain base64', () => {
    assert.equal(challengeData('Negotiate, NTLM TlRMTVNTUAACAAAA', 'NTLM'), 'TlRMTVNTUAACAAAA');
    assert.equal(challengeData('NTLM', 'NTLM'), undefined);
    assert.equal(challengeData('NTLM <script>', 'NTLM'), undefined);
    assert.equal(challengeData('Negotiate TlRMTVNTUAACAAAA', 'NTLM'), undefined);
  });
});
