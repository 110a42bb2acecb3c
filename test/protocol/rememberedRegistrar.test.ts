import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonPoolMemoryStore } from '../../src/cli/poolMemoryFile';
import { poolMemoryKey } from '../../src/endpoint/poolMemory';
import { CLI, CliRun, isState } from './helpers/cliSession';
import { requirePrerequisite } from './helpers/net';
import { NetNamespace, netnsAvailable, NsProcess } from './helpers/netns';
import { ALICE, CA_FILE } from './helpers/pool';

/**
 * The remembered registrar on a user's machine: the built CLI with no --server, in a network
 * namespace whose DNS server (dnsmasq) publishes the pool as _sipinternaltls._tcp only, run twice
 * with the same config folder. The DNS server's query log shows whether discovery ran.
 */
describe('a restart signs in at the remembered registrar without discovery, and discovers again when it no longer answers (network namespace, dnsmasq, the built CLI)', function () {
  let ns: NetNamespace | undefined;
  let dns: NsProcess | undefined;
  let config: string;
  const runs: CliRun[] = [];

  before(function () {
    requirePrerequisite(this, netnsAvailable(), 'root with iproute2 and dnsmasq (network namespaces)');
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  });
  beforeEach(async () => {
    config = mkdtempSync(join(tmpdir(), 'lync-pchat-remembered-'));
    ns = NetNamespace.create();
    // old.contoso.com resolves, but nothing listens there any more (a pool that was moved).
    dns = await ns.startDns({ local: ['contoso.com'], srv: ['_sipinternaltls._tcp.contoso.com,pool0.contoso.com,5061'], hosts: ['pool0.contoso.com,127.0.0.1', 'old.contoso.com,127.0.0.1'] });
    await ns.startPool(5061);
  });
  afterEach(async () => {
    for (const run of runs.splice(0)) run.kill();
    await ns?.dispose();
    ns = undefined;
    rmSync(config, { recursive: true, force: true });
  });

  const store = () => new JsonPoolMemoryStore(poolMemoryKey({ userUri: ALICE.uri, transport: 'tls' }), join(config, 'lync-pchat', 'pool-memory.json'));
  const srvQueries = (): number => [...(dns?.output ?? '').matchAll(/query\[SRV\] /g)].length;

  /** Runs the CLI (no --server) to chat Established, then Ctrl-C; returns its stderr (--verbose). */
  async function runToChat(): Promise<string> {
    const args = ['--uri', ALICE.uri, '--username', ALICE.login, '--ca', CA_FILE, '--json', '--once', '--verbose'];
    const run = new CliRun(args, { LYNC_PASSWORD: ALICE.password, XDG_CONFIG_HOME: config }, undefined, ns?.wrap);
    runs.push(run);
    await run.waitForLine(isState('chat', 'Established'), 'chat Established');
    run.interrupt();
    assert.equal(await run.exitCode(), 0, run.output);
    return run.stderr;
  }

  it('the second run asks the DNS server for no SRV record: it connects to the registrar the first run discovered', async () => {
    await runToChat();
    const discovered = srvQueries();
    assert.ok(discovered > 0, 'the first run discovered the pool through DNS SRV');
    assert.deepEqual(store().load().registrar, { host: 'pool0.contoso.com', port: 5061, transport: 'tls' });
    const log = await runToChat();
    assert.equal(srvQueries(), discovered, 'no SRV query on the second run');
    assert.match(log, /trying the registrar remembered from the last run first: pool0\.contoso\.com:5061 \(tls\)/);
    assert.match(log, /remembered from the last run: lookup service sip:PersistentChatPool@contoso\.com/);
  });

  it('a remembered registrar that no longer answers is forgotten: full discovery finds the pool, which is remembered instead', async () => {
    store().save({ registrar: { host: 'old.contoso.com', port: 5070, transport: 'tls' } });
    const log = await runToChat();
    assert.match(log, /the remembered registrar old\.contoso\.com:5070 \(tls\) failed/);
    assert.ok(srvQueries() > 0, 'discovery ran after the remembered registrar failed');
    assert.deepEqual(store().load().registrar, { host: 'pool0.contoso.com', port: 5061, transport: 'tls' });
  });
});
