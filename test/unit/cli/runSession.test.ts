import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { parseCliArgs, UsageError } from '../../../src/cli/args';
import { CliOutput } from '../../../src/cli/output';
import { runSession, SessionWork } from '../../../src/cli/runSession';
import { LyncError } from '../../../src/common/errors';

/** runSession with a fake command (no connection is made): its exit code, what it printed on diag and on stderr. */
async function run(work: SessionWork, signals = new EventEmitter()): Promise<{ code: number; diag: string; stderr: string }> {
  const stream = new PassThrough();
  let diag = '';
  stream.on('data', (chunk: Buffer) => { diag += chunk.toString(); });
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((text: string) => { stderr += text; return true; }) as typeof process.stderr.write;
  try {
    const options = parseCliArgs(['rooms', '--uri', 'sip:alice@contoso.com', '--json']);
    return { code: await runSession(options, new CliOutput(true, stream), signals, work), diag, stderr };
  } finally {
    process.stderr.write = write;
  }
}

describe('lync-pchat: the one session path of every command', () => {
  it('exit codes: the work\'s own; a usage error 2 (on stderr); Aborted (Ctrl-C) 0; any other error 1, printed on diag', async () => {
    assert.deepEqual(await run(async () => 0), { code: 0, diag: '', stderr: '' });
    const usage = await run(async () => { throw new UsageError('nothing to post'); });
    assert.deepEqual(usage, { code: 2, diag: '', stderr: 'lync-pchat: nothing to post\n' });
    assert.equal((await run(async () => { throw new LyncError('Aborted', 'stopped'); })).code, 0);
    const failed = await run(async () => { throw new LyncError('PostNotAllowed', 'read-only \u001b[2J room'); });
    assert.equal(failed.code, 1);
    assert.deepEqual(JSON.parse(failed.diag), { type: 'error', code: 'PostNotAllowed', message: 'read-only \u001b[2J room' });
    assert.doesNotMatch(failed.diag, /\u001b/, 'JSON escapes it');
  });

  it('SIGINT and SIGTERM abort the work\'s signal; the listeners are removed when it ends', async () => {
    for (const name of ['SIGINT', 'SIGTERM']) {
      const signals = new EventEmitter();
      const result = run((_session, interrupted) => new Promise((resolve) => {
        interrupted.addEventListener('abort', () => resolve(0));
        signals.emit(name);
      }), signals);
      assert.equal((await result).code, 0);
      assert.equal(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM'), 0, name);
    }
  });

  it('the session gives the work the options and a logger, and closes without a connection', async () => {
    const seen = await run(async (session) => {
      assert.equal(session.options.uri, 'sip:alice@contoso.com');
      session.logger.info('no connection was made');
      return 7;
    });
    assert.equal(seen.code, 7);
  });
});
