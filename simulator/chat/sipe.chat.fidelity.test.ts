/**
 * Fidelity of the chat half against a real client: pidgin-sipe (driven headless in finch by
 * simulator/sipe/) signs in to the simulated pool over TCP, opens the Persistent Chat
 * session, lists the rooms (cmd:chansrch through finch's Room List) and joins one, then receives
 * a post; then sipe and our own client (ChatConnection.rooms, signed in as bob) exchange posts in
 * that room, each checked on the other side. Skipped only when finch or the sipe tools are not installed.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { ChatConnection } from '../../src/persistentChat/chatConnection';
import type { RoomMessage } from '../../src/persistentChat/rooms/types';
import { SimulatedLyncPool } from '../pool';

const run = promisify(execFile);
// The repository's pidgin-sipe harness (simulator/sipe), or SIPE_TOOLS to try another.
const TOOLS = process.env.SIPE_TOOLS
  ?? [path.resolve(process.cwd(), 'simulator', 'sipe')].find((dir) => fs.existsSync(path.join(dir, 'run-sipe.sh')))
  ?? '';
const RELEASE_TRAIN = 'ma-chan://contoso.com/b8e09fad-f018-4eb5-8967-5b9c819093f7';
const SESSION = `chat-fidelity-${process.pid}`;
const RUN_DIR = path.join(os.tmpdir(), `chat-fidelity-${process.pid}`);
const ENV = { ...process.env, SIPE_SESSION: SESSION, SIPE_RUN_DIR: RUN_DIR, SIPE_LOGIN: 'CONTOSO\\alice' };
const VISIBLE_ROOMS = ['Release Train', 'Incident Bridge', 'Architecture Guild', 'Coffee Corner', 'Build Notifications'];
const SELECTED = '\u001b[44m'; // how gnt draws the focused widget / selected row

async function installed(): Promise<boolean> {
  if (!fs.existsSync(path.join(TOOLS, 'run-sipe.sh'))) return false;
  try {
    await run('sh', ['-c', 'command -v finch && command -v tmux']);
    return true;
  } catch {
    return false;
  }
}

async function pane(withEscapes = false): Promise<string> {
  const { stdout } = await run('tmux', ['capture-pane', '-p', ...(withEscapes ? ['-e'] : []), '-t', SESSION]);
  return stdout;
}

async function keys(...names: string[]): Promise<void> {
  await run('tmux', ['send-keys', '-t', SESSION, ...names]);
}

function debugLog(): string {
  const file = path.join(RUN_DIR, 'finch-debug.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 250));
  }
}

/** Presses `key` until one of `labels` is drawn selected (at most `limit` presses). */
async function pressUntilSelected(key: string, labels: string[], limit = 15): Promise<void> {
  for (let i = 0; i < limit; i++) {
    const screen = await pane(true);
    if (labels.some((label) => screen.includes(`${SELECTED}${label}`))) return;
    await keys(key);
    await new Promise<void>((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`none of ${labels.join(', ')} got selected with ${key}`);
}

describe('sim chat fidelity: the real pidgin-sipe lists rooms and joins one', function () {
  this.timeout(120_000);
  let pool: SimulatedLyncPool | undefined;
  let started = false;
  let bob: ChatConnection | undefined;

  before(async function () {
    if (!(await installed())) {
      if (process.env.CI === 'true') throw new Error('the pidgin-sipe chat fidelity test needs simulator/sipe/run-sipe.sh, finch and tmux (CI=true: not skipping). Run scripts/install-system-deps.sh test.');
      console.log('      (skipped: pidgin-sipe, finch or tmux not installed; scripts/install-system-deps.sh test installs them)');
      return this.skip();
    }
    pool = await SimulatedLyncPool.start({ chatSessionExpiresSec: 60 });
    await run(path.join(TOOLS, 'run-sipe.sh'), ['127.0.0.1', String(pool.addresses.tcp.port), 'tcp', 'alice@contoso.com', 'secret', 'ntlm'], { env: ENV });
    started = true;
  });

  after(async () => {
    if (bob) { await bob.disconnect(); bob.dispose(); }
    if (started) await run(path.join(TOOLS, 'stop-sipe.sh'), [], { env: ENV });
    await pool?.stop();
    fs.rmSync(RUN_DIR, { recursive: true, force: true });
  });

  it('opens the chat server session after the lookup redirect', async () => {
    await until(() => pool!.chatSessions().some((s) => s.kind === 'chat' && s.userUri === 'sip:alice@contoso.com'), 'sipe\'s chat server dialog');
    await until(() => /chatserver_response: 'rpl:getinv' result \(200\)/.test(debugLog()), 'sipe to read rpl:getinv');
    assert.match(debugLog(), /chatserver_response: 'rpl:requri' result \(200\) SUCCESS_OK/);
  });

  it('lists the rooms alice may see (cmd:chansrch) in finch\'s Room List, without the secret one', async () => {
    await keys('M-a');
    await until(async () => (await pane()).includes('Actions'), 'the Actions window');
    await pressUntilSelected('Down', ['Room List']);
    await keys('Enter');
    await until(async () => /┤Room List├/.test(await pane()), 'the Room List window');
    await keys('M-r', ...Array<string>(15).fill('Down'), 'Enter'); // make the window tall enough for its buttons
    await pressUntilSelected('Tab', ['Get']);
    await keys('Enter');
    await until(() => /chatserver_response: 'rpl:chansrch' result \(200\) SUCCESS_OK/.test(debugLog()), 'sipe to read rpl:chansrch');
    await until(async () => (await pane()).includes('Release Train'), 'the rooms in the list');
    const screen = await pane();
    for (const name of VISIBLE_ROOMS) assert.ok(screen.includes(name), name);
    assert.ok(!screen.includes('Project Falcon'));
  });

  it('joins Release Train from the list (cmd:join), gets its history, and receives a post', async () => {
    await pressUntilSelected('Tab', VISIBLE_ROOMS); // focus the room tree
    await pressUntilSelected('Down', ['Release Train'], 6);
    await keys('Enter');
    await until(() => /chatserver_response: 'rpl:join' result \(200\) SUCCESS_OK/.test(debugLog()), 'sipe to read rpl:join');
    await until(() => pool!.rooms().find((r) => r.uri === RELEASE_TRAIN)?.participants.includes('sip:alice@contoso.com') === true, 'alice in the room');
    await until(() => /chatserver_response: 'rpl:bccontext' result \(200\) SUCCESS_OK/.test(debugLog()), 'sipe to read the history');
    const marker = `fidelity check ${Date.now()}`;
    pool!.post('sip:bob@contoso.com', RELEASE_TRAIN, marker);
    await until(() => debugLog().includes(marker), 'sipe to receive the post');
    await until(() => pool!.messageLog.some((e) => e.direction === 'in' && e.firstLine.startsWith('SIP/2.0 200') && /CSeq: \d+ INFO/.test(e.text)), 'sipe\'s 200 to a server INFO');
  });

  it('exchanges posts with our client in the same room: sipe\'s post reaches our client, ours reaches sipe', async () => {
    // Our client, signed in as bob over TCP, follows the room sipe (alice) has joined.
    const port = pool!.addresses.tcp.port;
    bob = new ChatConnection({
      userUri: 'sip:bob@contoso.com',
      createEndpoint: () => new UserEndpoint({ userUri: 'sip:bob@contoso.com', server: `127.0.0.1:${port}`, transport: 'tcp', credential: { username: 'CONTOSO\\bob', password: 'secret' } }),
      watchNetwork: false,
    });
    const received: RoomMessage[] = [];
    bob.rooms.onMessage((m) => received.push(m));
    await bob.connect();
    await bob.rooms.follow([RELEASE_TRAIN]);

    // finch opened the room's conversation when it joined: close the Room List, focus the conversation, type.
    const fromSipe = `sipe says hello ${Date.now()}`;
    await until(async () => (await pane()).includes('Release Train ('), 'the room\'s conversation window');
    await keys('M-c');
    await pressUntilSelected('M-n', ['Release Train (']);
    await keys('-l', fromSipe);
    await keys('Enter');
    await until(() => received.some((m) => m.text === fromSipe), `our client to receive sipe's post\n${(debugLog().match(/grpchat[^\n]*/g) ?? []).slice(-3).join('\n')}`);
    const got = received.find((m) => m.text === fromSipe)!;
    assert.equal(got.author, 'sip:alice@contoso.com');
    assert.equal(got.mention, false);

    const fromUs = `our client says hello ${Date.now()}`;
    const posted = await bob.rooms.post(RELEASE_TRAIN, fromUs);
    assert.equal(posted.own, true);
    await until(() => debugLog().includes(fromUs), 'sipe\'s debug log to show our post');
    assert.match(debugLog(), new RegExp(`author="sip:bob@contoso.com"[^>]*>\\s*<chat>${fromUs}`));
  });
});
