import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCliArgs, USAGE, UsageError } from '../../../src/cli/args';

/** The long options parseCliArgs declares, read from its source (so a new option cannot go undocumented). */
function declaredOptions(): string[] {
  const source = readFileSync(join(__dirname, '..', '..', '..', '..', 'src', 'cli', 'args.ts'), 'utf8');
  return [...source.matchAll(/^\s+'?([a-z][a-z-]*)'?: \{ type: '(?:string|boolean)'/gm)].map((m) => m[1]);
}

describe('lync-pchat --help', () => {
  it('describes every option the parser accepts, each on its own line', () => {
    const options = declaredOptions().filter((name) => name !== 'password'); // refused, see args.test.ts
    assert.ok(options.length >= 18, `found only ${options.length} options in src/cli/args.ts: ${options.join(', ')}`);
    for (const name of options) {
      // The parser accepts it (an undeclared name would be a usage error) …
      const probe = [`--${name}`, ...(/^(uri|server|transport|username|ca|cert|key|pfx|gruu|proxy|chat-uri)$/.test(name) ? ['x'] : [])];
      try { parseCliArgs(probe); } catch (error) { assert.ok(!(error instanceof UsageError && /Unknown option/.test(error.message)), `--${name}: ${String(error)}`); }
      // … and --help gives it a line of its own with a description.
      assert.match(USAGE, new RegExp(`^ {2}(-\\w, )?--${name} +\\S`, 'm'), `--help does not describe --${name}`);
    }
  });

  it('documents the environment variables and the exit statuses 0, 1 and 2', () => {
    for (const variable of ['LYNC_PASSWORD', 'LYNC_PFX_PASSPHRASE']) assert.match(USAGE, new RegExp(`^ {2}${variable} +\\S`, 'm'));
    for (const status of ['0', '1', '2']) assert.match(USAGE, new RegExp(`^ {2}${status} +\\S`, 'm'));
  });
});
