import assert from 'node:assert/strict';
import { Emitter } from '../../../src/common/events';
import { openCliLog, stderrSink } from '../../../src/cli/logging';

describe('lync-pchat log (the plain command and every room subcommand)', () => {
  const hostile = 'SIP/2.0 403 Forbidden \u001b]0;pwned\u0007\u001b[2J\u009b31m';

  it('--verbose writes each line to stderr with its level, server control characters escaped, credentials redacted', () => {
    const written: string[] = [];
    const log = openCliLog({ verbose: true }, stderrSink((text) => written.push(text)));
    try {
      log.logger.child('transport').trace(`${hostile}\r\nAuthorization: NTLM secret`);
    } finally {
      log.dispose();
    }
    assert.equal(written.length, 1);
    assert.doesNotMatch(written[0], /[\u0007\u001b\u009b]/, JSON.stringify(written[0]));
    assert.match(written[0], /^trace \[transport\] SIP\/2\.0 403 Forbidden \\x1b\]0;pwned\\x07\\x1b\[2J\\x9b31m\nAuthorization: <redacted>\n$/);
  });

  it('an exception thrown by an event listener is reported at warn through that log, escaped, until disposed', () => {
    const written: string[] = [];
    const log = openCliLog({ verbose: true }, stderrSink((text) => written.push(text)));
    const emitter = new Emitter<string>();
    emitter.event((text) => { throw new Error(text); });
    try {
      emitter.fire(hostile);
    } finally {
      log.dispose();
    }
    assert.equal(written.length, 1, written.join(''));
    assert.match(written[0], /^warn {2}an event listener threw: Error: SIP\/2\.0 403 Forbidden \\x1b/);
    assert.doesNotMatch(written.join(''), /[\u0007\u001b\u009b]/);
    emitter.fire('after dispose');
    assert.equal(written.length, 1, 'no longer reported after dispose()');
  });

  it('without --verbose nothing is written, and with --diagnostics the lines are kept for the report', () => {
    const written: string[] = [];
    const quiet = openCliLog({ verbose: false }, stderrSink((text) => written.push(text)));
    quiet.logger.warn('not shown');
    quiet.dispose();
    const recorded = openCliLog({ verbose: false, diagnostics: 'report.txt' }, stderrSink((text) => written.push(text)));
    recorded.logger.info('kept for the report');
    recorded.dispose();
    assert.deepEqual(written, []);
    assert.ok(recorded.recorder, 'a recorder with --diagnostics');
  });
});
