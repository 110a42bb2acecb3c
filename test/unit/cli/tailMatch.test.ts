import assert from 'node:assert/strict';
import { parseCliArgs, UsageError } from '../../../src/cli/args';
import { matchesFilter } from '../../../src/cli/commands/matchOption';
import { parseRoomCommand } from '../../../src/cli/commands/parseRoomCommand';
import type { RoomMessage } from '../../../src/persistentChat/rooms/types';

const parse = (...argv: string[]) => parseRoomCommand(parseCliArgs([...argv, '--demo']));
const message = (text: string): RoomMessage => ({ id: 'x', roomUri: 'ma-chan://contoso.com/r', author: 'sip:bob@contoso.com', time: new Date(0), text, mention: false, alert: false, own: false });

describe('lync-pchat tail --match', () => {
  it('keeps the messages whose text matches the regular expression (case-sensitive), and every message without --match', () => {
    const match = parse('tail', 'Release Train', '--match', 'deploy(ed)?|rollback').match;
    assert.ok(match);
    assert.equal(matchesFilter(match, message('we deployed 4.2')), true);
    assert.equal(matchesFilter(match, message('Rollback is ready')), false, 'case-sensitive, as grep');
    assert.equal(matchesFilter(match, message('coffee')), false);
    assert.equal(matchesFilter(parse('tail', 'x').match, message('coffee')), true);
    assert.equal('match' in parse('tail', 'x'), false, 'no --match, no filter');
  });

  it('an invalid or empty regular expression, an overlong one, or --match on another command is a usage error that says why', () => {
    const usage = (pattern: RegExp, ...argv: string[]) => assert.throws(() => parse(...argv), (e: unknown) => e instanceof UsageError && pattern.test(e.message), argv.join(' '));
    usage(/--match is not a valid regular expression: .*/, 'tail', 'x', '--match', 'deploy(');
    usage(/--match needs a regular expression/, 'tail', 'x', '--match', '');
    usage(/--match is limited to 1000 characters/, 'tail', 'x', '--match', 'a'.repeat(1001));
    usage(/--match belongs to tail/, 'history', 'x', '--match', 'a');
  });
});
