import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedLyncPool } from '../../simulator/pool';
import { CLI, CliLine, CliRun } from './helpers/cliSession';
import { ROOMS } from './helpers/connection';
import { repoRoot } from './helpers/net';
import { ALICE, CA_FILE, PKI, startPool } from './helpers/pool';

const GRUU = 'sip:client.contoso.com@contoso.com;gruu;opaque=srvr:grsample:uCFg9SltSVSXRkVxjKxvJwAA';
const isMessage = (l: CliLine) => l.type === 'message';

describe('lync-pchat room subcommands (the built CLI) against the simulated pool', function () {
  let pool: SimulatedLyncPool;
  let config: string;
  const runs: CliRun[] = [];

  before(async function () {
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
    pool = await startPool({ trustedApplications: [{ fqdn: 'client.contoso.com', gruu: GRUU }] });
    config = mkdtempSync(join(tmpdir(), 'lync-pchat-config-'));
  });
  afterEach(() => { for (const run of runs.splice(0)) run.kill(); });
  after(async () => {
    await pool?.stop();
    rmSync(config, { recursive: true, force: true });
  });

  function cli(args: string[], options: { stdin?: string; json?: boolean } = {}): CliRun {
    const connection = ['--uri', ALICE.uri, '--server', `127.0.0.1:${pool.addresses.tcp.port}`, '--transport', 'tcp', '--username', ALICE.login];
    const run = new CliRun([...args, ...connection, ...(options.json === false ? [] : ['--json'])], { LYNC_PASSWORD: ALICE.password, XDG_CONFIG_HOME: config }, options.stdin);
    runs.push(run);
    return run;
  }

  it('rooms: one {"type":"room"} line per room the search finds, with uri, name, description and members', async () => {
    const run = cli(['rooms']);
    assert.equal(await run.exitCode(), 0, run.output);
    const rooms = run.lines.filter((l) => l.type === 'room');
    assert.deepEqual(rooms.map((r) => r.name), ['Release Train', 'Incident Bridge', 'Architecture Guild', 'Coffee Corner', 'Build Notifications'], 'the secret room is not listed');
    const train = rooms[0];
    assert.equal(train.uri, ROOMS.releaseTrain);
    assert.equal(typeof train.description, 'string');
    assert.equal(typeof train.members, 'number');
    const search = cli(['rooms', 'build']);
    assert.equal(await search.exitCode(), 0, search.output);
    assert.deepEqual(search.lines.filter((l) => l.type === 'room').map((r) => r.name), ['Build Notifications']);
  });

  it('history ROOM --count N: the last N messages oldest first, the room named case-insensitively; text mode escapes control characters', async () => {
    pool.post('sip:bob@contoso.com', ROOMS.coffeeCorner, 'cake \u001b[2J\u001b]0;pwned\u0007in the kitchen');
    const run = cli(['history', 'coffee corner', '--count', '2']);
    assert.equal(await run.exitCode(), 0, run.output);
    const messages = run.lines.filter(isMessage);
    assert.equal(messages.length, 2);
    assert.deepEqual(Object.keys(messages[1]).sort(), ['author', 'mention', 'room', 'text', 'time', 'type']);
    assert.equal(messages[1].room, ROOMS.coffeeCorner);
    assert.equal(messages[1].author, 'sip:bob@contoso.com');
    assert.ok(String(messages[0].time) < String(messages[1].time), 'oldest first');
    const text = cli(['history', ROOMS.coffeeCorner, '--count', '1'], { json: false });
    assert.equal(await text.exitCode(), 0, text.output);
    assert.match(text.stdout, /bob@contoso\.com: cake .*in the kitchen/);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text.stdout), `no control character reaches the terminal: ${JSON.stringify(text.stdout)}`);
  });

  it('an unknown room name exits 2 listing the rooms whose names contain it; a missing ROOM or an unknown command exits 2', async () => {
    const unknown = cli(['history', 'Release']);
    assert.equal(await unknown.exitCode(), 2, unknown.output);
    assert.match(unknown.stderr, /No room is named "Release"[\s\S]*Release Train\s+ma-chan:\/\//);
    const missing = cli(['history']);
    assert.equal(await missing.exitCode(), 2, missing.output);
    assert.match(missing.stderr, /usage: lync-pchat history ROOM/);
    const wrong = cli(['histroy', 'x']);
    assert.equal(await wrong.exitCode(), 2, wrong.output);
    assert.match(wrong.stderr, /Unknown command "histroy"/);
  });

  it('post with nothing to post (\'\', blanks, or blank stdin lines with "-") is a usage error: exit 2 before any connection, nothing posted', async () => {
    const before = pool.connections().length;
    const historyBefore = pool.rooms().find((r) => r.uri === ROOMS.coffeeCorner)?.historyCount;
    for (const [text, stdin] of [['', undefined], ['  \t ', undefined], ['-', '\n   \n\n']] as const) {
      const run = cli(['post', 'Coffee Corner', text], { stdin });
      assert.equal(await run.exitCode(), 2, `${JSON.stringify(text)}: ${run.output}`);
      assert.match(run.stderr, /lync-pchat: nothing to post/, run.output);
      assert.equal(run.stdout, '', run.output);
    }
    assert.equal(pool.connections().length, before, 'no connection was opened');
    assert.equal(pool.rooms().find((r) => r.uri === ROOMS.coffeeCorner)?.historyCount, historyBefore, 'nothing was posted');
  });

  it('rooms QUERY that matches no room says so on stderr and exits 0, stdout holding no room (text: nothing; --json: only states)', async () => {
    for (const json of [true, false]) {
      const run = cli(['rooms', 'no such room zq'], { json });
      assert.equal(await run.exitCode(), 0, run.output);
      if (json) assert.deepEqual(run.lines.filter((l) => l.type !== 'state'), [], run.output);
      else assert.equal(run.stdout, '', run.output);
      assert.match(run.stderr, /No room matches "no such room zq"\./, run.output);
    }
  });

  it('a room subcommand with --verbose escapes server text in its log lines: a 403 reason holding ESC/BEL/CSI reaches neither stdout nor stderr raw (text and --json)', async () => {
    const reason = 'Forbidden \u001b]0;pwned\u0007\u001b[2J\u009b31m';
    for (const json of [false, true]) {
      pool.failNext({ method: 'REGISTER', status: 403, reason, diagnostics: '1000;reason="bad \u001b[31m user"' });
      const run = cli(['rooms', '--verbose'], { json });
      assert.equal(await run.exitCode(), 1, run.output);
      assert.match(run.stderr, /^(trace|debug|info) /m, `--verbose wrote log lines to stderr\n${run.output}`);
      assert.match(run.stderr, /Forbidden \\x1b\]0;pwned\\x07/, `the reason is shown, escaped\n${run.output}`);
      for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
        assert.doesNotMatch(text, /[\u0007\u001b\u009b]/, `${name} holds a raw control character:\n${JSON.stringify(text)}`);
      }
    }
  });

  it('post rides out a 503 on its first REGISTER (retried within --timeout) and exits 0 once stored; with --once the same 503 exits 1', async () => {
    pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable', diagnostics: '1000;reason="pool restarting"' });
    const retried = cli(['post', 'Coffee Corner', 'after the failover', '--timeout', '30']);
    assert.equal(await retried.exitCode(), 0, retried.output);
    assert.ok(retried.lines.some((l) => l.type === 'retrying' && l.code === 'ServiceUnavailable'), `a retrying line: ${retried.output}`);
    assert.ok(pool.rooms().find((r) => r.uri === ROOMS.coffeeCorner)?.historyCount, 'the room has history');
    pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable' });
    const once = cli(['post', 'Coffee Corner', 'never sent', '--once']);
    assert.equal(await once.exitCode(), 1, once.output);
    assert.ok(once.lines.some((l) => l.type === 'error' && l.code === 'ServiceUnavailable'), once.output);
  });

  it('history --count above what the server returns prints its last 2,000 and says on stderr that older messages are not available; a shorter room does not', async () => {
    for (let i = 1; i <= 2500; i++) pool.chat.post('sip:bob@contoso.com', ROOMS.architectureGuild, `guild #${i}`);
    const run = cli(['history', ROOMS.architectureGuild, '--count', '5000']);
    assert.equal(await run.exitCode(), 0, run.output);
    const messages = run.lines.filter(isMessage);
    assert.equal(messages.length, 2000, run.stderr);
    assert.deepEqual([messages[0].text, messages[1999].text], ['guild #501', 'guild #2500']);
    assert.match(run.stderr, /Older messages are not available here: the server returns the last 2,000\./);
    const short = cli(['history', ROOMS.coffeeCorner, '--count', '5000']);
    assert.equal(await short.exitCode(), 0, short.output);
    assert.ok(short.lines.filter(isMessage).length < 2000);
    assert.doesNotMatch(short.stderr, /not available/, 'a room shorter than the limit was read to its start');
  });

  it('post ROOM TEXT exits 0 once the server stored it; "-" posts each stdin line; a refused post exits 1 with its typed error', async () => {
    const post = cli(['post', 'Release Train', 'Blocker: DB migration 0142']);
    assert.equal(await post.exitCode(), 0, post.output);
    assert.equal(post.lines.find(isMessage)?.text, 'Blocker: DB migration 0142');
    const stdin = cli(['post', ROOMS.releaseTrain, '-'], { stdin: 'first line\n\nsecond line\n' });
    assert.equal(await stdin.exitCode(), 0, stdin.output);
    const train = pool.rooms().find((r) => r.uri === ROOMS.releaseTrain)!;
    assert.ok(train.historyCount >= 7);
    const history = cli(['history', ROOMS.releaseTrain, '--count', '3']);
    assert.equal(await history.exitCode(), 0, history.output);
    assert.deepEqual(history.lines.filter(isMessage).map((m) => [m.author, m.text]), [
      ['sip:alice@contoso.com', 'Blocker: DB migration 0142'], ['sip:alice@contoso.com', 'first line'], ['sip:alice@contoso.com', 'second line'],
    ]);
    const stored = pool.rooms().find((r) => r.uri === ROOMS.buildNotifications)?.historyCount;
    const refused = cli(['post', 'Build Notifications', 'may I?']);
    assert.equal(await refused.exitCode(), 1, refused.output);
    const error = refused.lines.find((l) => l.type === 'error');
    assert.equal(error?.code, 'PostNotAllowed', refused.output);
    assert.match(refused.output, /You may read but not post in the room Build Notifications/, 'the CLI does not say the server refused the post');
    assert.equal(pool.rooms().find((r) => r.uri === ROOMS.buildNotifications)?.historyCount, stored, 'the refused post was stored');
    const tooLong = cli(['post', 'Release Train', 'x'.repeat(600)]);
    assert.equal(await tooLong.exitCode(), 1, tooLong.output);
    assert.equal(tooLong.lines.find((l) => l.type === 'error')?.code, 'MessageTooLarge', tooLong.output);
  });

  it('a build job posts into a read-only team room as a trusted application (--application, mutual TLS)', async () => {
    const args = ['post', ROOMS.buildNotifications, 'Build 26.24.312 passed', '--application', '--uri', 'sip:pchat-bot@contoso.com',
      '--cert', join(PKI, 'client.pem'), '--key', join(PKI, 'client-key.pem'), '--gruu', GRUU, '--proxy', `127.0.0.1:${pool.addresses.tls.port}`, '--ca', CA_FILE, '--json'];
    const run = new CliRun(args, { XDG_CONFIG_HOME: config });
    runs.push(run);
    assert.equal(await run.exitCode(), 0, run.output);
    const posted = run.lines.find(isMessage);
    assert.equal(posted?.author, 'sip:pchat-bot@contoso.com', run.output);
    assert.equal(posted?.room, ROOMS.buildNotifications);
  });

  it('tail ROOM --history N prints N history messages, then live ones, and exits 0 on Ctrl-C', async () => {
    const run = cli(['tail', 'Release Train', '--history', '2']);
    await run.waitForLine((l) => run.lines.filter(isMessage).length >= 2 && l.type === 'message', 'two history messages');
    await waitJoined(pool, ROOMS.releaseTrain);
    pool.post('sip:carol@contoso.com', ROOMS.releaseTrain, 'live from carol, @alice');
    const live = await run.waitForLine((l) => isMessage(l) && l.text === 'live from carol, @alice', 'the live message');
    assert.equal(live.mention, true);
    run.interrupt();
    assert.equal(await run.exitCode(), 0, run.output);
    assert.equal(run.lines.filter(isMessage).length, 3, 'two history messages and one live, each once');
  });

  it('tail --match REGEX prints only the history and live messages whose text matches; an invalid REGEX exits 2 before connecting', async () => {
    pool.post('sip:bob@contoso.com', ROOMS.architectureGuild, 'deploy 7.1 started');
    pool.post('sip:bob@contoso.com', ROOMS.architectureGuild, 'lunch?');
    const run = cli(['tail', 'Architecture Guild', '--history', '5', '--match', '^deploy \\d']);
    await run.waitForLine((l) => isMessage(l) && l.text === 'deploy 7.1 started', 'the matching history message');
    await waitJoined(pool, ROOMS.architectureGuild);
    pool.post('sip:carol@contoso.com', ROOMS.architectureGuild, 'no deploy today');
    pool.post('sip:carol@contoso.com', ROOMS.architectureGuild, 'deploy 7.2 done');
    const live = await run.waitForLine((l) => isMessage(l) && l.text === 'deploy 7.2 done', 'the matching live message');
    assert.deepEqual(Object.keys(live).sort(), ['author', 'mention', 'room', 'text', 'time', 'type'], 'the usual JSON fields');
    run.interrupt();
    assert.equal(await run.exitCode(), 0, run.output);
    assert.deepEqual(run.lines.filter(isMessage).map((m) => m.text), ['deploy 7.1 started', 'deploy 7.2 done'], 'only matching messages, each once');
    const before = pool.connections().length;
    const invalid = cli(['tail', 'Architecture Guild', '--match', 'deploy(']);
    assert.equal(await invalid.exitCode(), 2, invalid.output);
    assert.match(invalid.stderr, /--match is not a valid regular expression/);
    assert.equal(pool.connections().length, before, 'no connection for a usage error');
  });

  it('follow / following / unfollow keep followed rooms in $XDG_CONFIG_HOME/lync-pchat/followed-rooms.json with unread counts', async () => {
    const follow = cli(['follow', 'Coffee Corner']);
    assert.equal(await follow.exitCode(), 0, follow.output);
    const file = join(config, 'lync-pchat', 'followed-rooms.json');
    assert.match(readFileSync(file, 'utf8'), /Coffee Corner/);
    pool.post('sip:dave@contoso.com', ROOMS.coffeeCorner, 'alice, fresh coffee');
    const following = cli(['following']);
    assert.equal(await following.exitCode(), 0, following.output);
    const rooms = following.lines.filter((l) => l.type === 'room');
    assert.deepEqual(rooms.map((r) => [r.name, r.state, r.unread, r.mentions]), [['Coffee Corner', 'Joined', 1, 1]]);
    const unfollow = cli(['unfollow', 'coffee corner']);
    assert.equal(await unfollow.exitCode(), 0, unfollow.output);
    const after = cli(['following']);
    assert.equal(await after.exitCode(), 0, after.output);
    assert.equal(after.lines.filter((l) => l.type === 'room').length, 0);
  });

  it('--help documents the room commands and the exit codes', async () => {
    const run = new CliRun(['--help'], {});
    runs.push(run);
    assert.equal(await run.exitCode(), 0);
    assert.match(run.stdout, /lync-pchat history ROOM \[--count N\]/);
    assert.match(run.stdout, /Exit codes: 0 ok; 1 failure.*; 2 usage/s);
  });

  it('the --help synopsis names the room subcommands and help; `lync-pchat help` prints the same text, `help post` (like `post --help`) that subcommand\'s usage; all exit 0', async () => {
    const help = async (...args: string[]): Promise<string> => {
      const run = new CliRun(args, {});
      runs.push(run);
      assert.equal(await run.exitCode(), 0, run.output);
      assert.equal(run.stderr, '', run.output);
      return run.stdout;
    };
    const full = await help('--help');
    const synopsis = full.slice(0, full.indexOf('\n\n'));
    for (const command of ['rooms', 'history', 'post', 'tail', 'follow', 'unfollow', 'following', 'help']) {
      assert.match(synopsis, new RegExp(`^ +lync-pchat .*\\b${command}\\b`, 'm'), `the synopsis names ${command}:\n${synopsis}`);
    }
    assert.equal(await help('help'), full);
    for (const post of [await help('help', 'post'), await help('post', '--help')]) {
      assert.match(post, /lync-pchat post ROOM TEXT/);
      assert.doesNotMatch(post, /lync-pchat history ROOM/, 'only the post subcommand');
    }
    const unknown = new CliRun(['help', 'histroy'], {});
    runs.push(unknown);
    assert.equal(await unknown.exitCode(), 2, unknown.output);
    assert.match(unknown.stderr, /Unknown command "histroy"/);
  });

  it('works against --demo', async () => {
    const run = new CliRun(['history', 'Release Train', '--count', '2', '--demo', '--json'], { XDG_CONFIG_HOME: config });
    runs.push(run);
    assert.equal(await run.exitCode(), 0, run.output);
    assert.equal(run.lines.filter(isMessage).length, 2, run.output);
  });
});

async function waitJoined(pool: SimulatedLyncPool, room: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (pool.chatSessions().some((s) => s.userUri === ALICE.uri && s.rooms.includes(room))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('alice never joined');
}

describe('lync-pchat: a room name two rooms share', function () {
  let pool: SimulatedLyncPool;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lync-pchat-catalogue-'));
    const catalogue = JSON.parse(readFileSync(join(repoRoot, 'simulator', 'catalogue.default.json'), 'utf8')) as { rooms: { uri: string; name: string }[] };
    const copy = { ...catalogue.rooms.find((r) => r.name === 'Coffee Corner')!, uri: 'ma-chan://contoso.com/0c0ffee0-0000-4000-8000-000000000002', name: 'coffee corner' };
    catalogue.rooms.push(copy);
    writeFileSync(join(dir, 'catalogue.json'), JSON.stringify(catalogue));
    pool = await startPool({ cataloguePath: join(dir, 'catalogue.json') });
  });
  after(async () => {
    await pool?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 and lists both rooms with their URIs, so the user can pick one', async () => {
    const run = new CliRun(['history', 'Coffee Corner', '--uri', ALICE.uri, '--server', `127.0.0.1:${pool.addresses.tcp.port}`, '--transport', 'tcp', '--username', ALICE.login], { LYNC_PASSWORD: ALICE.password, XDG_CONFIG_HOME: dir });
    assert.equal(await run.exitCode(), 2, run.output);
    assert.match(run.stderr, /"Coffee Corner" names 2 rooms; use one of their URIs:/);
    assert.match(run.stderr, new RegExp(ROOMS.coffeeCorner));
    assert.match(run.stderr, /0c0ffee0-0000-4000-8000-000000000002/);
    const byUri = new CliRun(['history', 'ma-chan://contoso.com/0c0ffee0-0000-4000-8000-000000000002', '--json', '--uri', ALICE.uri, '--server', `127.0.0.1:${pool.addresses.tcp.port}`, '--transport', 'tcp', '--username', ALICE.login], { LYNC_PASSWORD: ALICE.password, XDG_CONFIG_HOME: dir });
    assert.equal(await byUri.exitCode(), 0, byUri.output);
  });
});
