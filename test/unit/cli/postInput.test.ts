import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { UsageError } from '../../../src/cli/args';
import { messagesToPost } from '../../../src/cli/commands/postInput';

describe('lync-pchat post: the messages to send', () => {
  const stdin = (text: string) => Readable.from([text]);

  it('"-" sends each non-blank stdin line as one message, in order', async () => {
    assert.deepEqual(await messagesToPost('-', stdin('first\n\n  \nsecond line\r\nthird')), ['first', 'second line', 'third']);
  });

  it('stdin with only blank lines (or none) is a usage error, "nothing to post"', async () => {
    for (const text of ['', '\n', ' \n\t\n\n']) {
      await assert.rejects(messagesToPost('-', stdin(text)), (e: unknown) => e instanceof UsageError && /nothing to post/.test(e.message), JSON.stringify(text));
    }
  });

  it('TEXT other than "-" is one message, stdin unread', async () => {
    assert.deepEqual(await messagesToPost('deploy at 5', stdin('not read\n')), ['deploy at 5']);
  });
});
