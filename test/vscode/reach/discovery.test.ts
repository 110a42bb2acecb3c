import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_USERS } from '../../../simulator/config';
import { SimulatedLyncPool } from '../../../simulator/pool';
import { currentNamespace, DnsRecords, NsProcess, startDnsHere } from '../../protocol/helpers/netns';
import { cleanUp, describeStatus, Lync, lyncService, passwordStored, ScriptedPrompter, SECTION, setUserSetting, signInAsAlice, waitForPhase } from '../suite/helpers/lync';
import { NOT_RECORDING, OpenExternalRecord, recordOpenExternal } from '../suite/helpers/openExternal';
import { ALICE, caFile, joinedRooms, registrationsOf } from '../suite/helpers/pool';
import { COFFEE } from '../suite/helpers/roomsFixture';
import { inRoom, QUICK_INPUT_BOX, quickPickRow, ROOMS_HEADER, roomsTitleAction, showRoomsView, typeInto } from '../suite/helpers/rooms';
import { waitFor } from '../suite/helpers/wait';
import { clearNotifications, notification, showNotificationsCenter } from '../suite/helpers/workbench';
import { requireUi, ui } from '../suite/ui';

/** The pool's own TLS port, which `_sipinternaltls._tcp` names; its Access Edge listens on 443. */
const POOL_TLS_PORT = 5061;

/** The extension host must run inside the namespace test/vscode/runner/reach.ts made; CI never skips this. */
function requireNamespace(context: Mocha.Context): void {
  if (currentNamespace()) return;
  const why = 'this extension host is not inside a network namespace with its own DNS server (run node out/test/vscode/runner/reach.js as root)';
  if (process.env.CI === 'true') throw new Error(`${why} (CI=true: not skipping)`);
  console.log(`      (skipped: ${why})`);
  context.skip();
}

/**
 * Sign-in as a user does it with the Server setting empty, in a real extension host whose name
 * resolution is a real DNS server: code-server, the browser and this extension host run inside a
 * network namespace (test/vscode/runner/reach.ts) whose resolver is a dnsmasq this file starts with
 * each test's records. The simulated pool listens on the namespace's loopback at 5061, its Access
 * Edge (sip.contoso.com) at 443. Nothing in src/ knows it is being tested.
 */
describe('Sign In with no server set, on a machine whose DNS publishes the pool (network namespace, dnsmasq)', () => {
  let pool: SimulatedLyncPool | undefined;
  let service: Lync;
  let dns: NsProcess | undefined;
  let openExternal: OpenExternalRecord = NOT_RECORDING;

  before(async function () {
    requireNamespace(this);
    requireUi(this);
    pool = await SimulatedLyncPool.start({ users: [...DEFAULT_USERS], tlsPort: POOL_TLS_PORT, tcpPort: 5060, edge: true, edgeTlsPort: 443 });
    service = await lyncService();
  });

  beforeEach(async () => {
    await clearNotifications();
    openExternal = recordOpenExternal();
  });

  afterEach(async () => {
    openExternal.restore();
    if (service) await cleanUp(service, pool);
    await dns?.stop();
    dns = undefined;
  });

  after(async () => {
    await pool?.stop();
  });

  /** The DNS server answers for contoso.com with only `records` (every other name there: NXDOMAIN). */
  async function publish(records: DnsRecords): Promise<void> {
    await dns?.stop();
    dns = await startDnsHere({ local: ['contoso.com'], ...records });
  }

  /**
   * The contoso.com names of `type` the DNS server was asked, in order of first query (dnsmasq's
   * query log; the browser in the namespace asks for names of its own).
   */
  function asked(type: string): string[] {
    const names = [...(dns?.output ?? '').matchAll(new RegExp(`query\\[${type}\\] (\\S+) from`, 'g'))].map((m) => m[1]);
    return [...new Set(names.filter((name) => /(^|\.)contoso\.com$/.test(name)))];
  }

  /** Signs in as alice (Sign In, the password typed in the box) and prints how long until Connected (a figure, not an assertion). */
  async function signInTimed(path: string): Promise<void> {
    const started = Date.now();
    await signInAsAlice(service);
    console.log(`      (${path}: Connected ${Date.now() - started} ms after Sign In)`);
  }

  /** Alice's SIP address and the test CA, as a user types them; the Server setting stays empty. */
  async function configureWithoutServer(activePool: SimulatedLyncPool): Promise<void> {
    await setUserSetting('sipUri', ALICE.uri);
    await setUserSetting('caFile', caFile(activePool));
    assert.equal(vscode.workspace.getConfiguration(SECTION).get('server') ?? '', '', 'the Server setting is set');
  }

  it('with only the SRV record _sipinternaltls._tcp published, Sign In finds the pool, reaches Connected, and Browse Rooms opens a room', async () => {
    const active = pool as SimulatedLyncPool;
    await publish({ srv: [`_sipinternaltls._tcp.contoso.com,pool0.contoso.com,${POOL_TLS_PORT}`], hosts: ['pool0.contoso.com,127.0.0.1'] });
    await configureWithoutServer(active);
    await signInTimed('_sipinternaltls._tcp');
    assert.equal(service.status.server, `pool0.contoso.com:${POOL_TLS_PORT}`, 'connected to the server the SRV record names');
    assert.equal(asked('SRV')[0], '_sipinternaltls._tcp.contoso.com', `SRV names asked: ${asked('SRV').join(', ')}`);
    assert.ok(!asked('A').some((name) => name.startsWith('sip')), `no fallback host name looked up: ${asked('A').join(', ')}`);
    assert.equal(registrationsOf(active, ALICE.uri).length, 1, 'alice is registered at the pool');

    await showRoomsView();
    await ui('click', { selector: roomsTitleAction('Browse Rooms'), hoverFirst: ROOMS_HEADER });
    await typeInto(QUICK_INPUT_BOX, 'coffee');
    await ui('click', { selector: quickPickRow(COFFEE.name) });
    await waitFor(() => joinedRooms(active, ALICE.uri).includes(COFFEE.uri), 'alice to join Coffee Corner at the pool', 10_000, () => JSON.stringify(active.chatSessions()));
    const header = await ui('element', { selector: inRoom('#name'), timeoutMs: 30_000 });
    assert.equal(header.text, COFFEE.name, 'the room editor did not open');
    assert.ok((await ui('element', { selector: inRoom('#messages .msg') })).count >= 1, 'the room opened without its history');
  });

  it('from outside the office (only sip.contoso.com published, the Access Edge on 443), Sign In reaches Connected and Create or Manage Rooms opens the external address', async () => {
    const active = pool as SimulatedLyncPool;
    await publish({ hosts: ['sip.contoso.com,127.0.0.1'] });
    await configureWithoutServer(active);
    await signInTimed('sip.contoso.com:443, the Access Edge');
    assert.equal(service.status.server, 'sip.contoso.com:443', 'connected to the Access Edge found by the host-name fallback');
    // (Other names may come first: Lync Autodiscover's, a remembered server's.)
    assert.deepEqual(asked('A').filter((name) => name.startsWith('sip')).slice(0, 3), ['sipinternal.contoso.com', 'sipexternal.contoso.com', 'sip.contoso.com'], 'the KB 2619522 host names, in order');
    assert.ok((active.accessEdge?.connections ?? 0) > 0, 'nobody is connected through the Edge');

    await showRoomsView();
    await ui('click', { selector: roomsTitleAction('Create or Manage Rooms'), hoverFirst: ROOMS_HEADER });
    await waitFor(() => openExternal.opened.length > 0, 'the extension to open a web page', 10_000);
    assert.deepEqual(openExternal.opened, ['https://ext.contoso.com/persistentchat/rm/'], 'not (only) the provisioned external address was opened for a user signed in through the Edge');
  });

  it('with nothing published, Sign In ends in a notification that lists every name looked up and every host tried, and the typed password is kept (Connect later signs in with it)', async () => {
    const active = pool as SimulatedLyncPool;
    await publish({});
    await configureWithoutServer(active);
    const prompter = new ScriptedPrompter(ALICE.password);
    service.prompter = prompter;
    const started = Date.now();
    await vscode.commands.executeCommand('lyncPersistentChat.signIn');
    await showNotificationsCenter();
    const shown = await ui('element', { selector: notification('the server was not found'), timeoutMs: 30_000 });
    console.log(`      (nothing published: the notification shown ${Date.now() - started} ms after Sign In)`);
    assert.equal(shown.count, 1, 'no notification says the server was not found');
    for (const tried of [
      'SRV _sipinternaltls._tcp.contoso.com: NXDOMAIN', 'SRV _sip._tls.contoso.com: NXDOMAIN',
      'sipinternal.contoso.com:5061: NXDOMAIN', 'sipexternal.contoso.com:443: NXDOMAIN', 'sip.contoso.com:443: NXDOMAIN',
      'sip.contoso.com:5061: NXDOMAIN', 'contoso.com:5061: NXDOMAIN',
    ]) assert.ok(shown.text.includes(tried), `the notification does not show "${tried}": ${shown.text}`);
    assert.equal(passwordStored(service), true, 'the password was deleted because no server was found');
    assert.equal(prompter.prompts.length, 1, 'the password was asked for again');
    assert.deepEqual(registrationsOf(active, ALICE.uri), []);

    // Once the Edge is published, Connect signs in with the kept password, asking nothing.
    await publish({ hosts: ['sip.contoso.com,127.0.0.1'] });
    const silent = new ScriptedPrompter();
    service.prompter = silent;
    await vscode.commands.executeCommand('lyncPersistentChat.connect');
    await waitForPhase(service, 'Connected', 30_000);
    assert.equal(describeStatus(service.status), 'Connected');
    assert.deepEqual(silent.prompts, []);
  });
});
