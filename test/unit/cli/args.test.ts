import assert from 'node:assert/strict';
import { parseCliArgs, UsageError } from '../../../src/cli/args';

describe('lync-pchat arguments', () => {
  it('parses the documented contract', () => {
    const o = parseCliArgs(['--uri', 'sip:alice@contoso.com', '--server', 'pool0.contoso.com:5061', '--transport', 'tcp', '--username', 'CONTOSO\\alice', '--ca', 'ca.pem', '--no-chat', '--json', '--verbose']);
    assert.equal(o.uri, 'sip:alice@contoso.com');
    assert.equal(o.transport, 'tcp');
    assert.equal(o.username, 'CONTOSO\\alice');
    assert.equal(o.noChat, true);
    assert.equal(o.json, true);
  });

  it('refuses a password flag: passwords never go on a command line', () => {
    assert.throws(() => parseCliArgs(['--uri', 'sip:a@b.c', '--password', 'x']), (e: unknown) => e instanceof UsageError && /LYNC_PASSWORD/.test(e.message));
  });

  it('requires --uri, a known transport, and complete trusted-application options', () => {
    assert.throws(() => parseCliArgs([]), /--uri is required/);
    assert.throws(() => parseCliArgs(['--uri', 'sip:a@b.c', '--transport', 'udp']), /tls or tcp/);
    assert.throws(() => parseCliArgs(['--uri', 'sip:a@b.c', '--application', '--gruu', 'sip:g', '--proxy', 'p:5061']), /--cert and --key, or --pfx/);
    assert.throws(() => parseCliArgs(['--uri', 'sip:a@b.c', '--bogus']), UsageError);
    assert.equal(parseCliArgs(['--demo']).demo, true);
  });
});
