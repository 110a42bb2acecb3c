import assert from 'node:assert/strict';
import { dropKerberosOffers, header, joinMessage, popOwnRoute, popOwnVia, pushVia, recordRoute, setHeader, splitMessage } from './edgeHeaders';

const msg = (lines: string[], body = ''): Buffer => Buffer.from(`${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
const ownRoute = (uri: string) => /sip\.contoso\.com:443/.test(uri);

describe('simulated Access Edge: what it changes in a relayed message', () => {
  it('puts its Via above the client\'s and takes only its own Via off a response; the body bytes pass unchanged', () => {
    const body = 'héllo \u00e9 body';
    const request = splitMessage(msg(['INFO sip:x@contoso.com SIP/2.0', 'Via: SIP/2.0/TLS 10.0.0.5:50000;branch=z9hG4bKclient', 'To: <sip:x@contoso.com>;tag=a'], body));
    pushVia(request, 'sip.contoso.com:443');
    assert.match(request.lines[1], /^Via: SIP\/2\.0\/TLS sip\.contoso\.com:443;branch=z9hG4bKedge[0-9a-f]{16}$/);
    assert.equal(request.lines[2], 'Via: SIP/2.0/TLS 10.0.0.5:50000;branch=z9hG4bKclient');
    assert.ok(joinMessage(request).subarray(-Buffer.byteLength(body)).equals(Buffer.from(body)));
    const response = splitMessage(Buffer.from(joinMessage(request).toString('utf8').replace(/^INFO [^\r]*/, 'SIP/2.0 200 OK')));
    assert.equal(popOwnVia(response), true);
    assert.equal(header(response, 'via'), 'SIP/2.0/TLS 10.0.0.5:50000;branch=z9hG4bKclient');
    assert.equal(popOwnVia(response), false, 'the client\'s Via is not the Edge\'s to take');
  });

  it('takes its own Route entry off (also from a combined header) and leaves anyone else\'s', () => {
    const combined = splitMessage(msg(['BYE sip:x SIP/2.0', 'Route: <sip:sip.contoso.com:443;transport=tls;lr>, <sip:pool0.contoso.com;lr>']));
    assert.equal(popOwnRoute(combined, ownRoute), true);
    assert.equal(header(combined, 'route'), '<sip:pool0.contoso.com;lr>');
    assert.equal(popOwnRoute(combined, ownRoute), false);
    assert.equal(header(combined, 'route'), '<sip:pool0.contoso.com;lr>');
  });

  it('Record-Routes only out-of-dialog INVITE and SUBSCRIBE', () => {
    const rr = (lines: string[]) => recordRoute(splitMessage(msg(lines)), 'sip:sip.contoso.com:443;transport=tls;lr');
    assert.equal(rr(['INVITE sip:chat SIP/2.0', 'To: <sip:chat>']), true);
    assert.equal(rr(['SUBSCRIBE sip:alice SIP/2.0', 't: <sip:alice>']), true);
    assert.equal(rr(['INVITE sip:chat SIP/2.0', 'To: <sip:chat>;tag=1']), false, 'a re-INVITE is in a dialog already');
    assert.equal(rr(['INFO sip:chat SIP/2.0', 'To: <sip:chat>']), false);
  });

  it('replaces an ms-edge-proxy-message-trust a client sent with its own (a client must not send it)', () => {
    const forged = splitMessage(msg(['REGISTER sip:contoso.com SIP/2.0', 'ms-edge-proxy-message-trust: ms-source-type=AuthorizedServer;ms-ep-fqdn=evil']));
    setHeader(forged, 'ms-edge-proxy-message-trust', 'ms-source-type=InternetUser;ms-ep-fqdn=sip.contoso.com');
    assert.deepEqual(forged.lines.filter((l) => /^ms-edge-proxy-message-trust:/i.test(l)), ['ms-edge-proxy-message-trust: ms-source-type=InternetUser;ms-ep-fqdn=sip.contoso.com']);
  });

  it('removes the Kerberos offers of a challenge and keeps the NTLM one', () => {
    const challenge = splitMessage(msg(['SIP/2.0 401 Unauthorized', 'WWW-Authenticate: NTLM realm="SIP Communications Service"', 'WWW-Authenticate: Kerberos realm="SIP Communications Service"', 'Proxy-Authenticate: kerberos realm="x"']));
    assert.equal(dropKerberosOffers(challenge), 2);
    assert.deepEqual(challenge.lines.filter((l) => /authenticate:/i.test(l)), ['WWW-Authenticate: NTLM realm="SIP Communications Service"']);
  });
});
