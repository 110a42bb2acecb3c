import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedLyncPool } from '../../simulator/pool';
import { CliRun, isState } from './helpers/cliSession';
import { ALICE, startPool } from './helpers/pool';

describe('lync-pchat --diagnostics FILE', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  after(async () => { await pool?.stop(); });

  it('writes a redacted report on exit: versions, settings without the password, the connection (server, chat server) and last error, the SIP/XCCOS messages of the session', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'diag-')), 'report.md');
    const run = new CliRun(['--uri', ALICE.uri, '--server', `127.0.0.1:${pool.addresses.tcp.port}`, '--transport', 'tcp', '--username', ALICE.login, '--json', '--diagnostics', file], { LYNC_PASSWORD: ALICE.password });
    try {
      await run.waitForLine(isState('chat', 'Established'), 'chat Established');
      run.interrupt();
      assert.equal(await run.exitCode(), 0, run.output);
    } finally {
      run.kill();
    }
    const report = readFileSync(file, 'utf8');
    assert.match(report, /## Versions\n- lync-pchat: /);
    assert.match(report, /- uri: "sip:alice@contoso\.com"/);
    assert.match(report, /REGISTER sip:contoso\.com SIP\/2\.0/);
    assert.match(report, /cmd:getserverinfo/, 'XCCOS traffic is included');
    assert.match(report, /## Protocol items not understood/);
    assert.match(report, new RegExp(`## Connection\\n- state: Connected since [^\\n]+\\n- server: 127\\.0\\.0\\.1:${pool.addresses.tcp.port}\\n- chat server: sip:`), 'where the session stood before it signed out');
    assert.match(report, /## Last error\n- none\n/);
    assert.ok(!report.replace('(no secrets)', '').includes(ALICE.password) && !/TlRMTVNTUA|gssapi-data="[^<]/.test(report), 'no password, no NTLM blob');
    assert.equal(run.stderr, '', 'without --verbose nothing goes to stderr');
  });
});
