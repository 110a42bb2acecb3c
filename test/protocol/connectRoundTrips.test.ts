import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonPoolMemoryStore } from '../../src/cli/poolMemoryFile';
import { poolMemoryKey } from '../../src/endpoint/poolMemory';
import type { MessageLogEntry } from '../../simulator/messageLog';
import { SimulatedLyncPool } from '../../simulator/pool';
import { CLI, CliRun, isState } from './helpers/cliSession';
import { aliceConnection } from './helpers/connection';
import { freePort } from './helpers/net';
import { ALICE, aliceEndpoint, CA_FILE, startPool } from './helpers/pool';

const LOOKUP = /^INVITE sip:PersistentChatPool@contoso\.com /;

/** The client's requests (not ACK) logged by the pool since `from`. */
function requestsSince(pool: SimulatedLyncPool, from: number): MessageLogEntry[] {
  return pool.messageLog.filter((m) => m.seq > from && m.direction === 'in' && !/^(ACK |SIP\/2\.0 )/.test(m.firstLine));
}

const commandOf = (m: MessageLogEntry) => /<cmd id="(cmd:[a-z]+)"/.exec(m.text)?.[1];
const lastSeq = (pool: SimulatedLyncPool) => pool.messageLog.at(-1)?.seq ?? 0;

describe('Connect round trips: overlapped requests, and the chat server remembered for reconnects', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  after(async () => { await pool?.stop(); });

  it('sends the lookup BYE with the chat server INVITE, and cmd:getserverinfo with cmd:getinv (each pair in one write)', async () => {
    const { connection } = aliceConnection(pool);
    const from = lastSeq(pool);
    await connection.connect();
    const sent = requestsSince(pool, from);
    await connection.disconnect();
    connection.dispose();
    const bye = sent.find((m) => /^BYE /.test(m.firstLine));
    const chatInvite = sent.find((m) => m.firstLine.startsWith(`INVITE ${pool.config.chatServerUri} `));
    assert.ok(bye && chatInvite, `a BYE and the chat server INVITE: ${sent.map((m) => m.firstLine).join(' | ')}`);
    assert.ok(bye.seq < chatInvite.seq);
    assert.equal(bye.read, chatInvite.read, 'the pool read the BYE and the INVITE together: the INVITE did not wait for the BYE');
    const serverInfo = sent.find((m) => commandOf(m) === 'cmd:getserverinfo');
    const getinv = sent.find((m) => commandOf(m) === 'cmd:getinv');
    assert.ok(serverInfo && getinv);
    assert.equal(serverInfo.read, getinv.read, 'cmd:getinv went out without waiting for rpl:getserverinfo');
  });

  it('a reconnect goes straight to the chat server of the last session (no lookup, no requri, no BYE), provisioning alongside', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await connection.disconnect();
    const from = lastSeq(pool);
    await connection.connect();
    assert.equal(connection.status.phase, 'Connected');
    assert.equal(connection.status.chatServerUri, pool.config.chatServerUri);
    assert.equal(connection.pendingInvitations.length > 0, true, 'rpl:getinv still read');
    const sent = requestsSince(pool, from);
    await connection.disconnect();
    connection.dispose();
    assert.deepEqual(sent.filter((m) => LOOKUP.test(m.firstLine) || /^BYE /.test(m.firstLine) || commandOf(m) === 'cmd:requri').map((m) => m.firstLine), []);
    const subscribe = sent.find((m) => /^SUBSCRIBE /.test(m.firstLine));
    const chatInvite = sent.find((m) => m.firstLine.startsWith(`INVITE ${pool.config.chatServerUri} `));
    assert.ok(subscribe && chatInvite, sent.map((m) => m.firstLine).join(' | '));
    assert.equal(subscribe.read, chatInvite.read, 'provisioning did not hold up the chat server INVITE');
  });

  it('falls back to the lookup when the remembered chat server refuses, and connects', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await connection.disconnect();
    const from = lastSeq(pool);
    pool.failNext({ method: 'INVITE', status: 404, reason: 'Not Found' });
    await connection.connect();
    assert.equal(connection.status.phase, 'Connected');
    assert.equal(connection.status.chatServerUri, pool.config.chatServerUri);
    const sent = requestsSince(pool, from).map((m) => m.firstLine.split(' ').slice(0, 2).join(' ') + (commandOf(m) ? ` ${commandOf(m)}` : ''));
    await connection.disconnect();
    connection.dispose();
    const chat = `INVITE ${pool.config.chatServerUri}`;
    const firstChat = sent.indexOf(chat);
    const lookup = sent.findIndex((line) => LOOKUP.test(`${line} `));
    assert.ok(firstChat >= 0 && lookup > firstChat, `the remembered server first, then the lookup: ${sent.join(' | ')}`);
    assert.ok(sent.lastIndexOf(chat) > lookup, `then the chat server the lookup named: ${sent.join(' | ')}`);
  });

  it('a reconnect whose remembered chat server and lookup service both refuse (the pool was moved) follows provisioning to the new lookup service and connects', async () => {
    const moved = await startPool({ persistentChatPoolUri: 'sip:NewChatPool@contoso.com' });
    try {
      let target = pool;
      const { connection } = aliceConnection(pool, { createEndpoint: () => aliceEndpoint(target, 'tcp') });
      await connection.connect();
      await connection.disconnect();
      // Same user, same chat server URI, but the lookup service of the last session is gone.
      target = moved;
      const from = lastSeq(moved);
      moved.failNext({ method: 'INVITE', status: 404, reason: 'Not Found' });
      await connection.connect();
      assert.equal(connection.status.phase, 'Connected');
      assert.ok(connection.pendingInvitations.length > 0, 'rpl:getinv read from the chat server');
      const invites = requestsSince(moved, from).filter((m) => /^INVITE /.test(m.firstLine)).map((m) => m.firstLine.split(' ')[1]);
      await connection.disconnect();
      connection.dispose();
      assert.deepEqual(invites, [moved.config.chatServerUri, 'sip:PersistentChatPool@contoso.com', 'sip:NewChatPool@contoso.com', moved.config.chatServerUri],
        'the remembered chat server, the remembered lookup service, the provisioned one, then the chat server it named');
    } finally {
      await moved.stop();
    }
  });
});

/**
 * A restart of the built CLI with the same config folder: what the last run learned (the registrar
 * after the Director's redirect, the lookup service, the chat server) is in
 * $XDG_CONFIG_HOME/lync-pchat/pool-memory.json, so the second run signs in at the home pool directly
 * and opens the chat session at the chat server directly. Counted on the pool's side.
 */
describe('A restart remembers the pool: REGISTER handshake, then the chat INVITE (the built CLI, same config folder)', function () {
  let pool: SimulatedLyncPool;
  let config: string;
  const runs: CliRun[] = [];

  before(async function () {
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
    // The pool is named localhost (on its certificate), so the Director's 301 names a host this machine resolves.
    pool = await startPool({ director: true, fqdn: 'localhost' });
  });
  beforeEach(() => { config = mkdtempSync(join(tmpdir(), 'lync-pchat-restart-')); });
  afterEach(() => {
    for (const run of runs.splice(0)) run.kill();
    rmSync(config, { recursive: true, force: true });
  });
  after(async () => { await pool?.stop(); });

  const server = () => `localhost:${pool.addresses.directorTls!.port}`;
  const stateFile = () => join(config, 'lync-pchat', 'pool-memory.json');
  const key = () => poolMemoryKey({ userUri: ALICE.uri, server: server(), transport: 'tls' });

  /** Runs the CLI to chat Established; returns the client's requests (not ACK) the pool and Director received until then. */
  async function runToChat(): Promise<MessageLogEntry[]> {
    const from = lastSeq(pool);
    const run = new CliRun(['--uri', ALICE.uri, '--server', server(), '--username', ALICE.login, '--ca', CA_FILE, '--json', '--once', '--verbose'], { LYNC_PASSWORD: ALICE.password, XDG_CONFIG_HOME: config });
    runs.push(run);
    await run.waitForLine(isState('chat', 'Established'), 'chat Established');
    const sent = requestsSince(pool, from);
    run.interrupt();
    assert.equal(await run.exitCode(), 0, run.output);
    return sent;
  }

  /** Each read of a connection that brought requests, in order: one sequential round trip each. */
  /** The CLI's --verbose line for the early negotiate request (the pool's log redacts Authorization values). */
  const EARLY = /asking for the NTLM CHALLENGE directly with the offer remembered from the last run/;

  const roundTrips = (sent: readonly MessageLogEntry[]): string[][] => {
    const batches = new Map<string, string[]>();
    for (const m of sent) {
      const batch = `${m.role}:${m.connectionId}:${m.read}`;
      batches.set(batch, [...(batches.get(batch) ?? []), m.firstLine.split(' ').slice(0, 2).join(' ') + (commandOf(m) ? ` ${commandOf(m)}` : '')]);
    }
    return [...batches.values()];
  };

  it('the second run signs in at the remembered home pool (the Director sees nothing) and INVITEs the remembered chat server right after a two-REGISTER handshake (the first asks for the NTLM CHALLENGE with the remembered offer): 4 sequential round trips, no lookup, no requri', async () => {
    const first = await runToChat();
    assert.ok(first.some((m) => m.role === 'director'), 'the first run went through the Director');
    assert.ok(first.some((m) => LOOKUP.test(m.firstLine)), 'the first run asked the lookup service');
    const second = await runToChat();
    assert.deepEqual(second.filter((m) => m.role === 'director').map((m) => m.firstLine), [], 'no request to the Director');
    assert.deepEqual(second.filter((m) => LOOKUP.test(m.firstLine) || commandOf(m) === 'cmd:requri').map((m) => m.firstLine), [], 'no lookup dialog');
    const trips = roundTrips(second);
    const chatTrip = trips.findIndex((batch) => batch.includes(`INVITE ${pool.config.chatServerUri}`));
    assert.ok(chatTrip > 0, trips.map((b) => b.join(' + ')).join(' | '));
    assert.ok(trips.slice(0, chatTrip).every((batch) => batch.every((line) => line.startsWith('REGISTER '))), `only the REGISTER handshake before the chat INVITE: ${trips.map((b) => b.join(' + ')).join(' | ')}`);
    assert.equal(chatTrip, 2, 'the NTLM handshake is two REGISTERs: the first asks for the CHALLENGE with the remembered offer');
    assert.equal(trips.length, 4, `4 sequential round trips to chat Established: ${trips.map((b) => b.join(' + ')).join(' | ')}`);
    assert.match(runs.at(-1)!.output, EARLY, 'the first REGISTER asked for the CHALLENGE with the remembered offer');
    console.log(`      (first run: ${roundTrips(first).length} round trips to chat Established; restart: ${trips.length})`);
  });

  it('keeps what it learned in a file only the user can read (mode 0600), keyed by account and server', async () => {
    await runToChat();
    assert.equal(statSync(stateFile()).mode & 0o777, 0o600);
    const pools = (JSON.parse(readFileSync(stateFile(), 'utf8')) as { pools: Record<string, unknown> }).pools;
    assert.deepEqual(pools[key()], {
      registrar: { host: 'localhost', port: pool.addresses.tls.port, transport: 'tls' },
      lookupUri: 'sip:PersistentChatPool@contoso.com',
      chatServerUri: pool.config.chatServerUri,
      ntlmOffer: { realm: 'SIP Communications Service', targetname: 'localhost', version: pool.config.ntlmVersion, kerberos: true }, // the simulated pool offers Kerberos beside NTLM
    });
  });

  it('a remembered NTLM offer the pool no longer makes (another targetname): the pool answers with its offer, the run signs in with one more REGISTER and remembers the new offer', async () => {
    await runToChat();
    const store = new JsonPoolMemoryStore(key(), stateFile());
    const remembered = store.load();
    store.save({ ...remembered, ntlmOffer: { realm: 'SIP Communications Service', targetname: 'old-pool.contoso.com', version: pool.config.ntlmVersion } });
    const sent = await runToChat();
    const trips = roundTrips(sent);
    const chatTrip = trips.findIndex((batch) => batch.includes(`INVITE ${pool.config.chatServerUri}`));
    assert.match(runs.at(-1)!.output, EARLY, 'the remembered offer was tried first');
    assert.equal(chatTrip, 3, `the early request, the negotiate request for the offered targetname, the AUTHENTICATE: ${trips.map((b) => b.join(' + ')).join(' | ')}`);
    assert.deepEqual(new JsonPoolMemoryStore(key(), stateFile()).load().ntlmOffer, remembered.ntlmOffer, 'the offer the pool makes now replaced the old one');
  });

  it('a remembered registrar that no longer answers is forgotten: the run signs in through the server setting (the Director) and remembers the pool again', async () => {
    const dead = await freePort();
    new JsonPoolMemoryStore(key(), stateFile()).save({ registrar: { host: 'localhost', port: dead, transport: 'tls' } });
    const sent = await runToChat();
    assert.ok(sent.some((m) => m.role === 'director' && /^REGISTER /.test(m.firstLine)), 'the Director was asked after the remembered registrar failed');
    assert.deepEqual(new JsonPoolMemoryStore(key(), stateFile()).load().registrar, { host: 'localhost', port: pool.addresses.tls.port, transport: 'tls' });
  });

  for (const [what, text] of [
    ['not JSON', '{"version": 1, "pools": {'],
    ['hostile values', `{"version": 1, "pools": {"__proto__": {"polluted": true}, "KEY": ${JSON.stringify({
      registrar: { host: 'evil host\u001b[2J', port: 70000, transport: 'udp' }, lookupUri: 'javascript:alert(1)', chatServerUri: `sip:${'x'.repeat(5000)}@contoso.com`,
    })}}}`],
    ['the wrong shape', '[1, 2, 3]'],
  ] as const) {
    it(`ignores a state file with ${what}, connects the full way (lookup included) and overwrites it with a valid one`, async () => {
      mkdirSync(join(config, 'lync-pchat'), { recursive: true });
      writeFileSync(stateFile(), text.replace('KEY', key()), { mode: 0o644 });
      const sent = await runToChat();
      assert.ok(sent.some((m) => LOOKUP.test(m.firstLine)), 'nothing remembered was used: the lookup service was asked');
      assert.equal(statSync(stateFile()).mode & 0o777, 0o600);
      assert.equal(new JsonPoolMemoryStore(key(), stateFile()).load().chatServerUri, pool.config.chatServerUri);
    });
  }
});
