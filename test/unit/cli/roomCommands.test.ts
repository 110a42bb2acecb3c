import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCliArgs, UsageError } from '../../../src/cli/args';
import { followedRoomsPath, JsonFollowedRoomStore } from '../../../src/cli/commands/followedRoomFile';
import { parseRoomCommand } from '../../../src/cli/commands/parseRoomCommand';
import { terminalSafe } from '../../../src/cli/commands/terminal';

describe('lync-pchat room commands: arguments', () => {
  const parse = (...argv: string[]) => parseRoomCommand(parseCliArgs([...argv, '--demo']));

  it('reads each subcommand\'s arguments and defaults', () => {
    assert.deepEqual(parse('history', 'Release Train'), { command: 'history', args: ['Release Train'], count: 25, history: 10 });
    assert.equal(parse('history', 'x', '--count', '7').count, 7);
    assert.equal(parse('history', 'x', '--count', '5000').count, 5000, 'a count above what the server returns is asked for, and the CLI says what it got');
    assert.equal(parse('tail', 'a', 'b', '--history', '0').history, 0);
    assert.deepEqual(parse('rooms', 'build', 'bot').args, ['build', 'bot']);
    assert.deepEqual(parse('post', 'x', '-').args, ['x', '-']);
  });

  it('refuses what it cannot do (exit 2): missing ROOM, extra arguments, unknown command, flags of another command, counts out of range', () => {
    for (const argv of [['history'], ['post', 'x'], ['tail'], ['follow'], ['following', 'x'], ['histroy', 'x'], ['rooms', '--count', '3'], ['history', 'x', '--history', '3'], ['history', 'x', '--count', '0'], ['history', 'x', '--count', '1000001'], ['tail', 'x', '--history', '2001'], ['history', 'x', '--count', '1e3']]) {
      assert.throws(() => parse(...argv), UsageError, argv.join(' '));
    }
  });

  it('refuses a post with nothing in it (exit 2 before connecting): an empty or blank TEXT', () => {
    for (const text of ['', ' ', '\t  ']) {
      assert.throws(() => parse('post', 'Release Train', text), (e: unknown) => e instanceof UsageError && /nothing to post/.test(e.message), JSON.stringify(text));
    }
    assert.deepEqual(parse('post', 'Release Train', ' hi ').args, ['Release Train', ' hi ']);
  });
});

describe('terminalSafe', () => {
  it('replaces escape sequences, other control characters and bidirectional overrides; keeps text', () => {
    assert.equal(terminalSafe('a\u001b[2Jb\u0007c\u009bd'), 'a\uFFFD[2Jb\uFFFDc\uFFFDd');
    assert.equal(terminalSafe('evil\u202Etxt.exe'), 'evil\uFFFDtxt.exe');
    assert.equal(terminalSafe('one\ntwo\tthree'), 'one two three');
    assert.equal(terminalSafe('one\r\ntwo\tthree', true), 'one\ntwo\tthree');
    assert.equal(terminalSafe('Grüße — 你好'), 'Grüße — 你好');
  });
});

describe('JsonFollowedRoomStore', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'followed-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lives in $XDG_CONFIG_HOME/lync-pchat (an absolute path only), else ~/.config/lync-pchat', () => {
    assert.equal(followedRoomsPath({ XDG_CONFIG_HOME: '/x/cfg' }), '/x/cfg/lync-pchat/followed-rooms.json');
    assert.match(followedRoomsPath({ XDG_CONFIG_HOME: 'relative' }), /\/\.config\/lync-pchat\/followed-rooms\.json$/);
  });

  it('keeps each account\'s rooms apart, in a file only the user can read', () => {
    const path = join(dir, 'lync-pchat', 'followed-rooms.json');
    const alice = new JsonFollowedRoomStore('sip:alice@contoso.com', path);
    const bob = new JsonFollowedRoomStore('sip:bob@contoso.com', path);
    alice.save([{ uri: 'ma-chan://contoso.com/a', name: 'A', lastReadTime: '2026-11-24T08:00:00.000Z' }]);
    bob.save([{ uri: 'ma-chan://contoso.com/b', name: 'B' }]);
    assert.deepEqual(new JsonFollowedRoomStore('SIP:Alice@contoso.com', path).load(), [{ uri: 'ma-chan://contoso.com/a', name: 'A', lastReadTime: '2026-11-24T08:00:00.000Z' }]);
    assert.deepEqual(bob.load().map((r) => r.name), ['B']);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.match(readFileSync(path, 'utf8'), /"version": 1/);
  });

  it('reads a damaged file as empty and replaces it on the next save', () => {
    const path = join(dir, 'lync-pchat', 'followed-rooms.json');
    mkdirSync(join(dir, 'lync-pchat'));
    writeFileSync(path, '{not json');
    const store = new JsonFollowedRoomStore('sip:alice@contoso.com', path);
    assert.deepEqual(store.load(), []);
    store.save([{ uri: 'ma-chan://contoso.com/a', name: 'A' }]);
    assert.equal(store.load().length, 1);
  });
});
