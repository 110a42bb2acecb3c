import assert from 'node:assert/strict';
import { USAGE, UsageError } from '../../../src/cli/args';
import { ROOM_COMMANDS } from '../../../src/cli/roomCommandNames';
import { helpText, ROOMS_USAGE } from '../../../src/cli/commands/usage';

describe('lync-pchat help', () => {
  it('the synopsis at the top of --help names every room subcommand and `help [COMMAND]`', () => {
    const synopsis = USAGE.slice(0, USAGE.indexOf('\n\n'));
    for (const command of [...ROOM_COMMANDS, 'help']) assert.match(synopsis, new RegExp(`^ +lync-pchat .*\\b${command}\\b`, 'm'), command);
  });

  it('`help` (and `help help`) is the whole --help text', () => {
    assert.equal(helpText(), `${USAGE}${ROOMS_USAGE}`);
    assert.equal(helpText('help'), helpText());
  });

  it('`help COMMAND` gives that subcommand\'s lines of --help, the ROOM note and the exit codes, and no other subcommand', () => {
    for (const command of ROOM_COMMANDS) {
      const text = helpText(command);
      const lines = text.split('\n').filter((l) => /^ {2}lync-pchat /.test(l));
      assert.deepEqual(lines.map((l) => l.split(/\s+/)[2]), [command], text);
      assert.ok(ROOMS_USAGE.includes(text.split('\n')[1]), `${command}: the same line as in --help`);
      assert.match(text, /^Exit codes: 0 ok/m);
    }
  });

  it('`help` of an unknown command is a usage error naming the commands', () => {
    assert.throws(() => helpText('histroy'), (e: unknown) => e instanceof UsageError && /Unknown command "histroy".*history/.test(e.message));
  });
});
