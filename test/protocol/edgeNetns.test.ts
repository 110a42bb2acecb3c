import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CLI, CliLine, CliRun, isState } from './helpers/cliSession';
import { requirePrerequisite } from './helpers/net';
import { DnsRecords, NetNamespace, netnsAvailable, NsProcess } from './helpers/netns';
import { ALICE, CA_FILE } from './helpers/pool';

const BOB = { uri: 'sip:bob@contoso.com', login: 'CONTOSO\\bob', password: 'secret' };
/** The pool's own TLS port: no name the client looks up leads there, only the Edge does. */
const POOL_TLS_PORT = 5070;

/**
 * From outside the office, on a user's machine: a network namespace whose DNS server (dnsmasq)
 * publishes only the Access Edge on 443 (`sip.contoso.com`; or `_sip._tls`, or `sipexternal`). The
 * simulated pool (`npm run sim -- --edge-port 443`) runs inside it; the built CLI, with no --server,
 * must find the Edge by discovery and do everything through it.
 */
describe('from outside the office: the built CLI finds the Access Edge on 443 and works through it (network namespace, dnsmasq)', function () {
  before(function () {
    requirePrerequisite(this, netnsAvailable(), 'root with iproute2 and dnsmasq (network namespaces)');
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  });

  describe('with only sip.<domain> published', function () {
    let ns: NetNamespace | undefined;
    let pool: NsProcess | undefined;
    const runs: CliRun[] = [];

    before(async () => {
      ns = NetNamespace.create();
      await ns.startDns({ local: ['contoso.com'], hosts: ['sip.contoso.com,127.0.0.1'] });
      pool = await ns.startPool(POOL_TLS_PORT, 5060, ['--edge-port', '443', '--verbose']);
      assert.match(pool.output, /Edge TLS 127\.0\.0\.1:443 /, pool.output);
    });
    afterEach(() => { for (const run of runs.splice(0)) run.kill(); });
    after(async () => { await ns?.dispose(); });

    function cli(user: typeof ALICE, args: string[]): CliRun {
      const run = new CliRun([...args, '--uri', user.uri, '--username', user.login, '--ca', CA_FILE, '--json', '--verbose'], { LYNC_PASSWORD: user.password }, undefined, ns?.wrap);
      runs.push(run);
      return run;
    }

    /** The SIP messages the pool received (its --verbose log), each as text. */
    function poolReceived(first: RegExp): string[] {
      return (pool?.output ?? '').split(/^===== /m).filter((block) => / C->S /.test(block.split('\n')[0]) && first.test(block.split('\n')[1] ?? ''));
    }

    it('signs in through the Edge as RemoteUser and reaches Persistent Chat Established; the pool sees the Edge\'s Via and Record-Route', async () => {
      const run = cli(ALICE, []);
      await run.waitForLine(isState('chat', 'Established'), 'chat Established');
      assert.ok(run.lines.some(isState('user', 'Established')), run.output);
      const connected = [...run.stderr.matchAll(/connecting to (\S+) over TLS/g)].map((m) => m[1]);
      assert.equal(connected.at(-1), 'sip.contoso.com:443', `the Edge, found by the host-name fallback\n${run.stderr}`);
      assert.match(run.stderr, /signed in from outside the network \(the registrar said RemoteUser\)/, run.stderr);
      run.interrupt();
      assert.equal(await run.exitCode(), 0, run.output);

      const register = poolReceived(/^REGISTER /).at(-1) ?? '';
      assert.match(register, /\r?\nVia: SIP\/2\.0\/TLS sip\.contoso\.com:443;branch=z9hG4bKedge\w+\r?\nVia: SIP\/2\.0\/TLS /, `the Edge's Via on top of the client's:\n${register}`);
      assert.match(register, /\r?\nms-edge-proxy-message-trust: ms-source-type=InternetUser;ms-ep-fqdn=sip\.contoso\.com/);
      const chatInvite = poolReceived(/^INVITE sip:PersistentChatService@/).at(-1) ?? '';
      assert.match(chatInvite, /\r?\nRecord-Route: <sip:sip\.contoso\.com:443;transport=tls;lr>\r?\n/, `the chat server INVITE is Record-Routed:\n${chatInvite}`);
    });

    it('a post by one remote user arrives live in another remote user\'s tail of the room, both through the Edge', async () => {
      const isMessage = (text: string) => (l: CliLine) => l.type === 'message' && l.text === text;
      const tail = cli(ALICE, ['tail', 'Release Train', '--history', '1']);
      await tail.waitForLine((l) => l.type === 'message', 'the history message');
      const post = cli(BOB, ['post', 'Release Train', 'posted from the train']);
      assert.equal(await post.exitCode(), 0, post.output);
      const live = await tail.waitForLine(isMessage('posted from the train'), 'bob\'s post, live');
      assert.equal(live.author, BOB.uri);
      assert.match(post.stderr, /connecting to sip\.contoso\.com:443 over TLS/, post.stderr);
      tail.interrupt();
      assert.equal(await tail.exitCode(), 0, tail.output);
      const infos = poolReceived(/^INFO sip:PersistentChatService@/);
      assert.ok(infos.length > 0 && infos.every((text) => /\r?\nVia: SIP\/2\.0\/TLS sip\.contoso\.com:443;branch=z9hG4bKedge/.test(text)), 'every XCCOS INFO came through the Edge');
    });
  });

  /** Only `records` published, the Edge on 443: the CLI signs in through it as RemoteUser; returns the host:port it connected to last. */
  async function signsInThroughEdge(records: DnsRecords): Promise<string> {
    const ns = NetNamespace.create();
    let run: CliRun | undefined;
    try {
      await ns.startDns({ local: ['contoso.com'], ...records });
      await ns.startPool(POOL_TLS_PORT, 5060, ['--edge-port', '443']);
      run = new CliRun(['--uri', ALICE.uri, '--username', ALICE.login, '--ca', CA_FILE, '--json', '--verbose'], { LYNC_PASSWORD: ALICE.password }, undefined, ns.wrap);
      await run.waitForLine(isState('chat', 'Established'), 'chat Established');
      assert.match(run.stderr, /signed in from outside the network \(the registrar said RemoteUser\)/, run.stderr);
      const connected = [...run.stderr.matchAll(/connecting to (\S+) over TLS/g)].map((m) => m[1]);
      run.interrupt();
      assert.equal(await run.exitCode(), 0, run.output);
      return connected.at(-1) ?? '';
    } finally {
      run?.kill();
      await ns.dispose();
    }
  }

  it('finds an Edge published only as the SRV record _sip._tls.<domain> on 443', async () => {
    assert.equal(await signsInThroughEdge({ srv: ['_sip._tls.contoso.com,sip.contoso.com,443'], hosts: ['sip.contoso.com,127.0.0.1'] }), 'sip.contoso.com:443');
  });

  it('finds an Edge published only as the A record sipexternal.<domain> (port 443)', async () => {
    assert.equal(await signsInThroughEdge({ hosts: ['sipexternal.contoso.com,127.0.0.1'] }), 'sipexternal.contoso.com:443');
  });
});
