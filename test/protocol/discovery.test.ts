import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CLI, CliRun, isError, isState } from './helpers/cliSession';
import { requirePrerequisite, waitFor } from './helpers/net';
import { DnsRecords, NetNamespace, netnsAvailable, NsProcess } from './helpers/netns';
import { ALICE, CA_FILE } from './helpers/pool';

/**
 * Discovery on a user's machine: the built CLI, with no --server, in a network namespace whose
 * resolver is a real DNS server (dnsmasq) serving the records of each case, the simulated pool on
 * the namespace's loopback at real ports (5061, 443). Nothing in src/ knows it is being tested.
 */
describe('server discovery on a machine whose DNS serves the records (network namespace, dnsmasq, the built CLI)', function () {
  let ns: NetNamespace | undefined;
  let dns: NsProcess | undefined;
  let run: CliRun | undefined;

  before(function () {
    requirePrerequisite(this, netnsAvailable(), 'root with iproute2 and dnsmasq (network namespaces)');
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  });
  afterEach(async () => {
    run?.kill();
    run = undefined;
    pool = undefined;
    await ns?.dispose();
    ns = undefined;
  });

  let pool: NsProcess | undefined;

  async function machine(records: DnsRecords, poolPort?: number, poolArgs: readonly string[] = []): Promise<void> {
    ns = NetNamespace.create();
    dns = await ns.startDns({ local: ['contoso.com'], ...records });
    if (poolPort !== undefined) pool = await ns.startPool(poolPort, 5060, poolArgs);
  }

  function signIn(chat = false, password = ALICE.password): CliRun {
    const args = ['--uri', ALICE.uri, '--username', ALICE.login, '--ca', CA_FILE, '--json', ...(chat ? [] : ['--no-chat']), '--once', '--verbose'];
    run = new CliRun(args, { LYNC_PASSWORD: password }, undefined, ns?.wrap);
    return run;
  }

  /** The names the client asked the DNS server, in order of first query (dnsmasq's query log). */
  function asked(type: string): string[] {
    const names = [...(dns?.output ?? '').matchAll(new RegExp(`query\\[${type}\\] (\\S+) from`, 'g'))].map((m) => m[1]);
    return [...new Set(names)];
  }

  /** Signs in, reports how long discovery and sign-in took, and returns the host:port connected to. */
  async function signsIn(what: string, chat = false): Promise<string> {
    const started = Date.now();
    const cli = signIn(chat);
    await cli.waitForLine(isState(chat ? 'chat' : 'user', 'Established'), chat ? 'chat Established' : 'user Established');
    console.log(`      (${what}: signed in ${Date.now() - started} ms after start)`);
    const connected = /connecting to (\S+) over TLS/g;
    const tried = [...cli.stderr.matchAll(connected)].map((m) => m[1]);
    cli.interrupt();
    assert.equal(await cli.exitCode(), 0, cli.output);
    return tried[tried.length - 1] ?? '';
  }

  /** The hosts:port the CLI connected to, in order. */
  function connections(cli: CliRun): string[] {
    return [...cli.stderr.matchAll(/connecting to (\S+) over TLS/g)].map((m) => m[1]);
  }

  /** What a web ticket looks like on the wire: never in the client's log. */
  function assertNoTicketLogged(cli: CliRun): void {
    assert.doesNotMatch(cli.stderr, /AssertionID|saml:|opaque=P[A-Za-z0-9+/]{20}/, 'no web ticket in the log');
    assert.doesNotMatch(cli.stderr, /TlRMTVNTUA/, 'no NTLM message in the log');
  }

  const AUTODISCOVER = ['--autodiscover-port', '443', '--autodiscover-host', '127.0.0.2'];
  const INTERNAL = 'https://lyncdiscoverinternal.contoso.com/?sipuri=alice%40contoso.com';
  const EXTERNAL = 'https://lyncdiscover.contoso.com/?sipuri=alice%40contoso.com';

  it('with no SRV record at all, finds the pool through Autodiscover: lyncdiscoverinternal, the User resource behind a web ticket (HTTP NTLM), SipClientInternalAccess, up to Persistent Chat', async () => {
    await machine({ hosts: ['lyncdiscoverinternal.contoso.com,127.0.0.2', 'lyncwebint.contoso.com,127.0.0.2', 'pool0.contoso.com,127.0.0.1'] }, 5061, [...AUTODISCOVER, '--verbose']);
    assert.equal(await signsIn('Autodiscover internal, to chat Established', true), 'pool0.contoso.com:5061');
    const log = run?.stderr ?? '';
    for (const expected of [
      `Autodiscover ${INTERNAL}: User https://lyncwebint.contoso.com/Autodiscover/AutodiscoverService.svc/root/user`,
      'HTTP 401, web ticket from https://lyncwebint.contoso.com/WebTicket/WebTicketService.svc',
      'Web Ticket https://lyncwebint.contoso.com/WebTicket/WebTicketService.svc/Auth: ticket issued',
      'SipClientInternalAccess pool0.contoso.com:5061, SipClientExternalAccess sip.contoso.com:443 (AccessLocation Internal)',
    ]) assert.ok(log.includes(expected), `"${expected}" in the log:\n${log}`);
    assert.match(pool?.output ?? '', /web ticket: NTLM AUTHENTICATE CONTOSO\\alice: proof OK/, 'the Web Ticket service authenticated alice with NTLM');
    assert.match(pool?.output ?? '', /web ticket: issued to sip:alice@contoso\.com/);
    assert.deepEqual(connections(run as CliRun), ['pool0.contoso.com:5061'], 'the first server tried is the one Autodiscover named');
    assert.ok(!asked('A').some((n) => n.startsWith('sip')), `no fallback host looked up: ${asked('A').join(', ')}`);
    assertNoTicketLogged(run as CliRun);
  });

  it('with only lyncdiscover.<domain> published, follows its Redirect link and, told AccessLocation External, uses only SipClientExternalAccess', async () => {
    await machine({ hosts: ['lyncdiscover.contoso.com,127.0.0.2', 'lyncwebext.contoso.com,127.0.0.2', 'sip.contoso.com,127.0.0.1'] }, 443, [...AUTODISCOVER, '--autodiscover-redirect']);
    assert.equal(await signsIn('Autodiscover external, Redirect'), 'sip.contoso.com:443');
    const log = run?.stderr ?? '';
    for (const expected of [
      `Autodiscover ${INTERNAL}: NXDOMAIN`,
      `Autodiscover ${EXTERNAL}: Redirect to https://lyncwebext.contoso.com/Autodiscover/AutodiscoverService.svc/root?sipuri=alice%40contoso.com`,
      '(AccessLocation External)',
    ]) assert.ok(log.includes(expected), `"${expected}" in the log:\n${log}`);
    assert.deepEqual(connections(run as CliRun), ['sip.contoso.com:443'], 'the internal pool is not tried from outside');
    assert.ok(!asked('A').includes('sipinternal.contoso.com'), `no fallback host looked up: ${asked('A').join(', ')}`);
    assertNoTicketLogged(run as CliRun);
  });

  it('follows the Director that Autodiscover names to the pool it redirects to (301)', async () => {
    await machine({ hosts: ['lyncdiscoverinternal.contoso.com,127.0.0.2', 'lyncwebint.contoso.com,127.0.0.2', 'director.contoso.com,127.0.0.1', 'pool0.contoso.com,127.0.0.1'] },
      5061, [...AUTODISCOVER, '--director']);
    assert.equal(await signsIn('Autodiscover to a Director'), 'pool0.contoso.com:5061');
    const tried = connections(run as CliRun);
    assert.match(tried[0] ?? '', /^director\.contoso\.com:\d+$/, `the Director first: ${tried.join(', ')}`);
    assert.ok((run?.stderr ?? '').includes('SipClientInternalAccess director.contoso.com:'), run?.stderr);
  });

  /** lyncdiscoverinternal on 127.0.0.2, lyncdiscover on 127.0.0.3 (whatever the test starts there), the pool behind _sipinternaltls._tcp. */
  async function autodiscoverElsewhereThenSrv(): Promise<void> {
    await machine({
      srv: ['_sipinternaltls._tcp.contoso.com,pool0.contoso.com,5061'],
      hosts: ['lyncdiscoverinternal.contoso.com,127.0.0.2', 'lyncdiscover.contoso.com,127.0.0.3', 'pool0.contoso.com,127.0.0.1'],
    }, 5061);
  }

  it('with Autodiscover answering garbage (a DOCTYPE; an HTML page), falls back to DNS SRV and signs in, each answer named in the log', async () => {
    await autodiscoverElsewhereThenSrv();
    await ns?.startHttpsAnswering('127.0.0.2', 'application/vnd.microsoft.rtc.autodiscover+xml; charset=utf-8',
      '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]><AutodiscoverResponse><Root>&a;&a;</Root></AutodiscoverResponse>');
    await ns?.startHttpsAnswering('127.0.0.3', 'text/html', '<html><body>Sign in</body></html>');
    assert.equal(await signsIn('Autodiscover garbage, then SRV'), 'pool0.contoso.com:5061');
    const log = run?.stderr ?? '';
    assert.ok(log.includes(`Autodiscover ${INTERNAL}: Refused XML: a DOCTYPE is not allowed.`), log);
    assert.ok(log.includes(`Autodiscover ${EXTERNAL}: not an Autodiscover answer (content type "text/html")`), log);
  });

  it('with Autodiscover redirecting to itself (and lyncdiscover refusing), stops after a bounded number of hops and falls back to DNS', async () => {
    await autodiscoverElsewhereThenSrv();
    await ns?.startHttpsAnswering('127.0.0.2', 'application/vnd.microsoft.rtc.autodiscover+xml',
      '<AutodiscoverResponse><Root><Link token="Redirect" href="https://lyncdiscoverinternal.contoso.com/again"/></Root></AutodiscoverResponse>');
    assert.equal(await signsIn('Autodiscover redirect loop, then SRV'), 'pool0.contoso.com:5061');
    const log = run?.stderr ?? '';
    assert.equal([...log.matchAll(/Redirect to https:\/\/lyncdiscoverinternal\.contoso\.com\/again/g)].length, 6, log);
    assert.ok(log.includes('Autodiscover https://lyncdiscoverinternal.contoso.com/again: not followed (more than 6 hops)'), log);
    assert.ok(log.includes(`Autodiscover ${EXTERNAL}: refused`), log);
  });

  it('with Autodiscover servers that accept and never answer, gives each request up (timeout) and still signs in through DNS SRV', async () => {
    await autodiscoverElsewhereThenSrv();
    await ns?.startSilentTcp('127.0.0.2', 443);
    await ns?.startSilentTcp('127.0.0.3', 443);
    assert.equal(await signsIn('Autodiscover hung, then SRV'), 'pool0.contoso.com:5061');
    const log = run?.stderr ?? '';
    assert.ok(log.includes(`Autodiscover ${INTERNAL}: timeout`), log);
    assert.ok(log.includes(`Autodiscover ${EXTERNAL}: timeout`), log);
  });

  it('Ctrl-C while Autodiscover waits on a server that never answers cancels it: exit 0, no error line, no SIP connection', async () => {
    await autodiscoverElsewhereThenSrv();
    const hung = await ns?.startSilentTcp('127.0.0.2', 443);
    const cli = signIn();
    await waitFor(() => hung?.output.includes('accepted') === true, 10_000, 'the client to connect to lyncdiscoverinternal');
    cli.interrupt();
    assert.equal(await cli.exitCode(), 0, cli.output);
    assert.ok(!cli.lines.some(isError), cli.output);
    assert.ok(!/connecting to/.test(cli.stderr), `cancelled during Autodiscover, before any SIP connection\n${cli.output}`);
  });

  it('with a wrong password, the Web Ticket service refuses the NTLM answer: no server found, and the error says so', async () => {
    await machine({ hosts: ['lyncdiscoverinternal.contoso.com,127.0.0.2', 'lyncwebint.contoso.com,127.0.0.2', 'pool0.contoso.com,127.0.0.1'] }, 5061, AUTODISCOVER);
    const cli = signIn(false, 'not-the-password');
    assert.equal(await cli.exitCode(), 1, cli.output);
    const error = cli.lines.find(isError);
    assert.equal(error?.code, 'ServerNotFound', cli.output);
    const message = String(error?.message);
    assert.ok(message.includes('Web Ticket https://lyncwebint.contoso.com/WebTicket/WebTicketService.svc: the Web Ticket service refused NTLM authentication (wrong user name or password?)'), message);
    assert.ok(message.includes(`Autodiscover ${EXTERNAL}: NXDOMAIN`), message);
    assert.ok(!message.includes('not-the-password') && !cli.stderr.includes('not-the-password'), 'the password is never shown');
    assertNoTicketLogged(cli);
  });

  it('finds the pool through _sipinternaltls._tcp alone, without trying a fallback host', async () => {
    await machine({ srv: ['_sipinternaltls._tcp.contoso.com,pool0.contoso.com,5061'], hosts: ['pool0.contoso.com,127.0.0.1'] }, 5061);
    assert.equal(await signsIn('_sipinternaltls._tcp'), 'pool0.contoso.com:5061');
    assert.deepEqual(asked('SRV'), ['_sipinternaltls._tcp.contoso.com', '_sip._tls.contoso.com']);
    assert.ok(!asked('A').some((n) => n.startsWith('sip')), `no fallback host looked up: ${asked('A').join(', ')}`);
  });

  it('finds an Access Edge published only as _sip._tls on port 443', async () => {
    await machine({ srv: ['_sip._tls.contoso.com,pool0.contoso.com,443'], hosts: ['pool0.contoso.com,127.0.0.1'] }, 443);
    assert.equal(await signsIn('_sip._tls'), 'pool0.contoso.com:443');
  });

  it('finds a pool published only as the A record sip.<domain> on port 443, after sipinternal and sipexternal fail', async () => {
    await machine({ hosts: ['sip.contoso.com,127.0.0.1'] }, 443);
    assert.equal(await signsIn('A sip.contoso.com'), 'sip.contoso.com:443');
    assert.deepEqual(asked('A').filter((n) => !n.startsWith('lyncdiscover')).slice(0, 3), ['sipinternal.contoso.com', 'sipexternal.contoso.com', 'sip.contoso.com'], 'the KB 2619522 host names, in order');
  });

  it('finds a pool published only as the A record sipexternal.<domain> on port 443', async () => {
    await machine({ hosts: ['sipexternal.contoso.com,127.0.0.1'] }, 443);
    assert.equal(await signsIn('A sipexternal.contoso.com'), 'sipexternal.contoso.com:443');
  });

  it('with nothing answering, ends with a ServerNotFound error (exit 1) listing every name looked up and every host:port tried with its failure', async () => {
    // sipinternal resolves, but nothing listens there: refused; every other name: NXDOMAIN
    await machine({ hosts: ['sipinternal.contoso.com,127.0.0.1'] });
    const started = Date.now();
    const cli = signIn();
    assert.equal(await cli.exitCode(), 1, cli.output);
    console.log(`      (nothing answering: gave up ${Date.now() - started} ms after start)`);
    const error = cli.lines.find(isError);
    assert.equal(error?.code, 'ServerNotFound', cli.output);
    const message = String(error?.message);
    for (const expected of [
      'Autodiscover https://lyncdiscoverinternal.contoso.com/?sipuri=alice%40contoso.com: NXDOMAIN',
      'Autodiscover https://lyncdiscover.contoso.com/?sipuri=alice%40contoso.com: NXDOMAIN',
      'SRV _sipinternaltls._tcp.contoso.com: NXDOMAIN', 'SRV _sip._tls.contoso.com: NXDOMAIN',
      'sipinternal.contoso.com:5061: refused', 'sipexternal.contoso.com:443: NXDOMAIN', 'sip.contoso.com:443: NXDOMAIN',
      'sip.contoso.com:5061: NXDOMAIN', 'contoso.com:5061: NXDOMAIN',
    ]) assert.ok(message.includes(expected), `"${expected}" in: ${message}`);
    assert.ok(!cli.lines.some(isState('user', 'Established')), cli.output);
  });

  it('with a DNS server that never answers, gives up within the discovery bound with every lookup marked timeout', async function () {
    this.timeout(60_000);
    ns = NetNamespace.create();
    await ns.startSilentDns();
    const started = Date.now();
    const cli = signIn();
    await Promise.race([cli.exited, new Promise((resolve) => setTimeout(resolve, 45_000))]);
    const elapsed = Date.now() - started;
    console.log(`      (silent DNS: gave up ${elapsed} ms after start)`);
    assert.equal(await cli.exitCode(), 1, cli.output);
    const message = String(cli.lines.find(isError)?.message);
    assert.ok(message.includes('SRV _sipinternaltls._tcp.contoso.com: timeout') && message.includes('SRV _sip._tls.contoso.com: timeout'), message);
    assert.match(message, /sipinternal\.contoso\.com:5061: (timeout|name lookup failed)/, message);
    assert.match(message, /Autodiscover https:\/\/lyncdiscoverinternal\.contoso\.com\/\?sipuri=alice%40contoso\.com: (timeout|name lookup failed)/, message);
  });

  it('Ctrl-C while discovery waits on a silent DNS server cancels it: exit 0, no error line, no sign-in', async function () {
    ns = NetNamespace.create();
    await ns.startSilentDns();
    const cli = signIn();
    await cli.waitForLine((l) => l.type === 'state' && l.state === 'Establishing', 'user Establishing');
    cli.interrupt();
    assert.equal(await cli.exitCode(), 0, cli.output);
    assert.ok(!cli.lines.some(isError), cli.output);
    assert.ok(!cli.lines.some(isState('user', 'Established')), cli.output);
    assert.ok(!/connecting to/.test(cli.stderr), `cancelled during the SRV lookups, before any connection\n${cli.output}`);
  });
});
