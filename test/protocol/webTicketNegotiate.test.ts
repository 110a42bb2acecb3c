import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { join } from 'node:path';
import { LyncError } from '../../src/common/errors';
import { kerberosApi } from '../../src/sip/auth/kerberos/loader';
import type { HttpCredential } from '../../src/sip/autodiscover/httpAuth';
import { requestWebTicket } from '../../src/sip/autodiscover/webTicket';
import { webTicketMetadata, WEBTICKET_AUTH, WEBTICKET_SVC } from '../../simulator/autodiscover/documents';
import { WebTicketService } from '../../simulator/autodiscover/webTicketService';
import { defaultPkiDir, resolveConfig } from '../../simulator/config';
import { Kdc, kdcAvailable, kdcLog, startKdc, useKdc } from './helpers/kdc';
import { requirePrerequisite } from './helpers/net';

const ALICE_KDC_PASSWORD = 'Kerberos-alice-1';
const APPLIES_TO = new URL('https://localhost/Autodiscover/AutodiscoverService.svc/root/user');

/** The simulator's Web Ticket service behind an HTTPS server of its own at `localhost` (web.pem names it). */
async function startWebTicketServer(notes: string[]): Promise<{ base: string; service: WebTicketService; close: () => Promise<void> }> {
  const pki = defaultPkiDir();
  const service = new WebTicketService(resolveConfig(), (line) => notes.push(line));
  const server = https.createServer({ key: readFileSync(join(pki, 'web-key.pem')), cert: readFileSync(join(pki, 'web.pem')), keepAliveTimeout: 10_000 });
  let base = '';
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => {
      const reply = req.method === 'GET' && req.url === `${WEBTICKET_SVC}/mex`
        ? { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: webTicketMetadata(base) }
        : req.method === 'POST' && req.url === WEBTICKET_AUTH ? service.issue(req, body, `${base}${WEBTICKET_SVC}`) : { status: 404, headers: {}, body: '' };
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, 'localhost', () => resolve()));
  const address = server.address();
  base = `https://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    base, service,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('Autodiscover web ticket with HTTP Negotiate (Kerberos) against the simulated service and a real MIT KDC on loopback', function () {
  this.timeout(60_000);
  let kdc: Kdc;
  let web: Awaited<ReturnType<typeof startWebTicketServer>>;
  let restore: (() => void) | undefined;
  const notes: string[] = [];

  before(async function () {
    requirePrerequisite(this, kdcAvailable(), 'MIT Kerberos (krb5-kdc, krb5-admin-server, krb5-user)');
    kdc = await startKdc();
    kdc.addUser('alice', ALICE_KDC_PASSWORD);
    kdc.addUser('mallory', 'Kerberos-mallory-1');
    kdc.addService('HTTP/localhost');
    web = await startWebTicketServer(notes);
  });
  afterEach(() => { restore?.(); restore = undefined; notes.length = 0; if (web) web.service.corruptMutual = false; });
  after(async () => {
    await web?.close();
    await kdc?.stop();
  });

  /** requestWebTicket for alice against the service, trusting the simulator's CA; the steps it logged come back too. */
  async function ticket(credential: HttpCredential): Promise<{ assertion: string; steps: string[] }> {
    const steps: string[] = [];
    const assertion = await requestWebTicket({
      service: new URL(`${web.base}${WEBTICKET_SVC}`), appliesTo: APPLIES_TO, sipUri: 'sip:alice@contoso.com', domain: 'localhost', credential,
      tls: { caFile: join(defaultPkiDir(), 'ca.pem') }, timeoutMs: () => 10_000, step: (line) => steps.push(line),
    });
    return { assertion, steps };
  }

  async function ticketError(credential: HttpCredential): Promise<LyncError> {
    try {
      await ticket(credential);
    } catch (error) {
      assert.ok(error instanceof LyncError, String(error));
      return error;
    }
    return assert.fail('the web ticket should have been refused');
  }

  it('issues the web ticket for a Negotiate token of alice\'s Kerberos ticket, with no password in the credential, the service\'s mutual answer verified, and logs no token', async () => {
    restore = useKdc(kdc, kdc.kinit('alice', ALICE_KDC_PASSWORD));
    for (const authentication of ['kerberos', 'auto'] as const) {
      notes.length = 0;
      const { assertion, steps } = await ticket({ login: 'CONTOSO\\alice', password: '', authentication });
      assert.match(assertion, /^<saml:Assertion [^>]*AssertionID="_[0-9a-f]{32}"/);
      assert.ok(notes.some((n) => n === 'web ticket: Negotiate alice@CONTOSO.COM: ticket OK, mutual'), `${authentication}: ${notes.join('\n')}\n${kdcLog(kdc)}`);
      assert.ok(!notes.some((n) => /NTLM/.test(n)), `${authentication}: no NTLM leg`);
      assert.ok(!steps.some((s) => /Negotiate\s+[A-Za-z0-9+/=]{16,}/.test(s)), 'no token in the steps');
    }
  });

  it('a mutual authentication answer that does not verify (not from the holder of the HTTP key) fails the web ticket', async () => {
    restore = useKdc(kdc, kdc.kinit('alice', ALICE_KDC_PASSWORD));
    web.service.corruptMutual = true;
    const error = await ticketError({ login: 'CONTOSO\\alice', password: '', authentication: 'kerberos' });
    assert.equal(error.code, 'AuthenticationFailed');
    assert.match(error.message, /HTTP Negotiate answer does not prove it is HTTP\/localhost \(mutual authentication failed\)/);
  });

  it('hostile mutual authentication answers (bit flips, truncations, extensions, random bytes, oversized) fail the check without a crash; the genuine AP-REP passes', async () => {
    restore = useKdc(kdc, kdc.kinit('alice', ALICE_KDC_PASSWORD));
    const api = kerberosApi();
    assert.ok(api.initiateMutual, 'the GSSAPI binding checks mutual authentication');
    const genuine = async (): Promise<{ apRep: Buffer; verify: (reply: Buffer) => boolean }> => {
      const initiation = await api.initiateMutual!('HTTP/localhost');
      const { context, reply } = api.accept(initiation.token);
      context.dispose();
      return { apRep: reply, verify: (r) => initiation.verify(r) };
    };
    const flip = (i: (b: Buffer) => number) => (r: Buffer) => { const b = Buffer.from(r); b[i(b)] ^= 0x5a; return b; };
    // each mutation of the AP-REP answering its own context (a foreign AP-REP would fail for its key alone)
    const hostile: ((apRep: Buffer) => Buffer)[] = [() => Buffer.alloc(0), (r) => r.subarray(0, 10), (r) => r.subarray(0, r.length - 1),
      (r) => Buffer.concat([r, Buffer.alloc(64, 0x41)]), flip(() => 0), flip((b) => Math.floor(b.length / 2)), flip((b) => b.length - 1),
      () => Buffer.from('0123456789abcdef'.repeat(8)), () => Buffer.alloc(70_000, 0x60)];
    for (const [i, mutate] of hostile.entries()) {
      const { apRep, verify } = await genuine();
      assert.ok(apRep.length > 0, 'the acceptor answers a mutual request with an AP-REP');
      assert.equal(verify(mutate(apRep)), false, `hostile answer ${i}`);
    }
    const fresh = await genuine();
    assert.equal(fresh.verify(fresh.apRep), true, 'the genuine AP-REP completes the context');
  });

  it('auto without a ticket falls back to NTLM with the password, and says so', async () => {
    restore = useKdc(kdc, kdc.emptyCache());
    const { assertion, steps } = await ticket({ login: 'CONTOSO\\alice', password: 'secret', authentication: 'auto' });
    assert.match(assertion, /AssertionID=/);
    assert.ok(steps.some((s) => /HTTP Negotiate cannot start here \(noTicket\): trying NTLM/.test(s)), steps.join('\n'));
    assert.ok(notes.some((n) => /NTLM AUTHENTICATE CONTOSO\\alice: proof OK/.test(n)), notes.join('\n'));
    assert.ok(!notes.some((n) => /Negotiate/.test(n)), 'no Negotiate leg was sent');
  });

  it('kerberos without a ticket is an error naming Negotiate, with no NTLM attempt', async () => {
    restore = useKdc(kdc, kdc.emptyCache());
    const error = await ticketError({ login: 'CONTOSO\\alice', password: 'secret', authentication: 'kerberos' });
    assert.match(error.message, /HTTP Negotiate \(Kerberos\) for HTTP\/localhost could not start \(noTicket\)/);
    assert.equal(notes.filter((n) => /NTLM/.test(n)).length, 0);
  });

  it('a ticket the service refuses (a user the pool does not know) is an error naming Negotiate, never retried with NTLM in auto', async () => {
    restore = useKdc(kdc, kdc.kinit('mallory', 'Kerberos-mallory-1'));
    const error = await ticketError({ login: 'CONTOSO\\alice', password: 'secret', authentication: 'auto' });
    assert.equal(error.code, 'AuthenticationFailed');
    assert.match(error.message, /refused the Kerberos ticket for HTTP\/localhost \(HTTP Negotiate\)/);
    assert.ok(notes.some((n) => n === 'web ticket: Negotiate mallory@CONTOSO.COM: no such user in the pool'), notes.join('\n'));
    assert.ok(!notes.some((n) => /NTLM/.test(n)), 'no NTLM after the refused ticket');
  });
});
