import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseCliArgs, UsageError } from '../../../src/cli/args';
import { CliOutput } from '../../../src/cli/output';
import { runSession, SessionWork } from '../../../src/cli/runSession';
import { LyncError } from '../../../src/common/errors';

/** The --diagnostics report a command (no connection is made) leaves behind. */
async function reportAfter(dir: string, work: SessionWork): Promise<string> {
  const file = join(dir, 'report.md');
  const options = parseCliArgs(['rooms', '--uri', 'sip:alice@contoso.com', '--json', '--diagnostics', file]);
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await runSession(options, new CliOutput(true, new PassThrough()), new EventEmitter(), work);
  } finally {
    process.stderr.write = write;
  }
  return readFileSync(file, 'utf8');
}

describe('lync-pchat --diagnostics FILE: the Connection and Last error sections (as Copy Diagnostics has them)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cli-diag-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the error that ended the command is the last error: code, message, SIP status and ms-diagnostics', async () => {
    const report = await reportAfter(dir, async () => {
      throw new LyncError('AuthenticationFailed', 'The user name or password was not accepted.', { sipStatus: 403, diagnostics: '4001;reason="bad credentials"' });
    });
    assert.match(report, /## Connection\n- state: Disconnected \(no connection was made\) since \d{4}-\d\d-\d\dT/);
    assert.match(report, /## Last error\n- code: AuthenticationFailed\n- message: The user name or password was not accepted\.\n- SIP status: 403\n- ms-diagnostics: 4001;reason="bad credentials"\n- retriable: false\n/);
    assert.ok(report.indexOf('## Settings') < report.indexOf('## Connection'), 'after the settings, as in the extension\'s report');
  });

  it('a command that succeeded, or ended on a usage error, has no last error', async () => {
    assert.match(await reportAfter(dir, async () => 0), /## Last error\n- none\n/);
    assert.match(await reportAfter(dir, async () => { throw new UsageError('nothing to post'); }), /## Last error\n- none\n/);
  });
});
