import assert from 'node:assert/strict';
import * as https from 'node:https';
import { parseXml, XmlElement } from '../../src/common/xml';
import { NtlmHttpAuth } from '../../src/sip/autodiscover/httpAuth';
import { SimulatedLyncPool } from '../pool';
import { ALICE, pki } from '../simTestUtil';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One HTTPS request to the service at 127.0.0.1, as if to `host` (SNI and Host), trusting the test CA. */
function request(port: number, host: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string; agent?: https.Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1', port, path, method: options.method ?? 'GET', servername: host, ca: pki('ca.pem'), agent: options.agent ?? false,
      headers: { Host: host, Accept: 'application/vnd.microsoft.rtc.autodiscover+xml;v=1', ...options.headers },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const child = (e: XmlElement | undefined, name: string) => e?.children.find((c) => c.name === name);
const links = (doc: string, section: string) => Object.fromEntries((child(parseXml(doc), section)?.children ?? []).map((l) => [l.attrs.token, l.attrs.href]));
const RST = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><RequestSecurityToken xmlns="http://docs.oasis-open.org/ws-sx/ws-trust/200512">' +
  '<AppliesTo xmlns="http://schemas.xmlsoap.org/ws/2004/09/policy"><EndpointReference xmlns="http://www.w3.org/2005/08/addressing">' +
  '<Address>https://lyncwebint.contoso.com/Autodiscover/AutodiscoverService.svc/root/user</Address></EndpointReference></AppliesTo></RequestSecurityToken></s:Body></s:Envelope>';

describe('simulated Lync Autodiscover and Web Ticket services (HTTPS)', () => {
  let pool: SimulatedLyncPool;
  let port: number;
  before(async () => {
    pool = await SimulatedLyncPool.start({ autodiscover: true, director: true });
    port = pool.addresses.autodiscover?.port ?? 0;
  });
  after(async () => { await pool?.stop(); });

  /** The web ticket: NEGOTIATE, CHALLENGE, AUTHENTICATE on one kept-alive connection. */
  async function ticket(password: string): Promise<Answer> {
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const auth = new NtlmHttpAuth({ login: ALICE.login, password });
      const post = (authorization: string) => request(port, 'lyncwebint.contoso.com', '/WebTicket/WebTicketService.svc/Auth',
        { method: 'POST', body: RST, agent, headers: { Authorization: authorization, 'Content-Type': 'text/xml; charset=utf-8' } });
      const challenged = await post(auth.initial());
      assert.equal(challenged.status, 401);
      const data = String(challenged.headers['www-authenticate']).replace(/^NTLM /, '');
      return await post(auth.respond(data));
    } finally {
      agent.destroy();
    }
  }

  it('answers the anonymous root (lyncdiscoverinternal) with User and other links to the internal web services', async () => {
    const root = await request(port, 'lyncdiscoverinternal.contoso.com', '/?sipuri=alice@contoso.com');
    assert.equal(root.status, 200);
    assert.match(String(root.headers['content-type']), /^application\/vnd\.microsoft\.rtc\.autodiscover\+xml/);
    const found = links(root.body, 'Root');
    assert.equal(found.User, `https://lyncwebint.contoso.com:${port}/Autodiscover/AutodiscoverService.svc/root/user?sipuri=alice%40contoso.com`);
    assert.ok(found.Self && found.Domain, root.body);
  });

  it('asks for a web ticket at the User resource (401 with X-MS-WebTicketURL), and refuses a forged one', async () => {
    for (const headers of [{} as Record<string, string>, { 'X-MS-WebTicket': `opaque=${Buffer.from('<saml:Assertion AssertionID="_00112233445566778899"/>').toString('base64')}` }]) {
      const user = await request(port, 'lyncwebint.contoso.com', '/Autodiscover/AutodiscoverService.svc/root/user', { headers });
      assert.equal(user.status, 401);
      assert.equal(user.headers['x-ms-webticketurl'], `https://lyncwebint.contoso.com:${port}/WebTicket/WebTicketService.svc`);
    }
  });

  it('publishes the WebTicketServiceWinNegotiate port in its metadata', async () => {
    const mex = await request(port, 'lyncwebint.contoso.com', '/WebTicket/WebTicketService.svc/mex');
    const service = child(parseXml(mex.body), 'service');
    const winNegotiate = service?.children.find((p) => p.attrs.name === 'WebTicketServiceWinNegotiate');
    assert.equal(child(winNegotiate, 'address')?.attrs.location, `https://lyncwebint.contoso.com:${port}/WebTicket/WebTicketService.svc/Auth`);
  });

  it('offers Negotiate and NTLM to an unauthenticated request, and refuses a wrong password with a bare NTLM offer', async () => {
    const anonymous = await request(port, 'lyncwebint.contoso.com', '/WebTicket/WebTicketService.svc/Auth', { method: 'POST', body: RST });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers['www-authenticate'], 'Negotiate, NTLM', 'two offers (two headers)');
    const wrong = await ticket('wrong');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers['www-authenticate'], 'NTLM');
  });

  it('issues a SAML assertion for the right password; with it the User resource names the Director inside and sip.<domain>:443 outside', async () => {
    const issued = await ticket(ALICE.password);
    assert.equal(issued.status, 200, issued.body);
    const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(issued.body)?.[0] ?? '';
    assert.match(assertion, /AssertionID="_[0-9a-f]{32}"/);
    const opaque = `opaque=${Buffer.from(assertion).toString('base64')}`;
    const user = await request(port, 'lyncwebint.contoso.com', '/Autodiscover/AutodiscoverService.svc/root/user', { headers: { 'X-MS-WebTicket': opaque } });
    assert.equal(user.status, 200);
    const doc = parseXml(user.body);
    assert.equal(doc.attrs.AccessLocation, 'Internal');
    assert.deepEqual({ ...child(child(doc, 'User'), 'SipClientInternalAccess')?.attrs }, { fqdn: 'director.contoso.com', port: String(pool.addresses.directorTls?.port) });
    assert.deepEqual({ ...child(child(doc, 'User'), 'SipClientExternalAccess')?.attrs }, { fqdn: 'sip.contoso.com', port: '443' });
    const outside = await request(port, 'lyncwebext.contoso.com', '/Autodiscover/AutodiscoverService.svc/root/user', { headers: { 'X-MS-WebTicket': opaque } });
    assert.equal(parseXml(outside.body).attrs.AccessLocation, 'External', 'reached as lyncwebext: outside');
  });
});
