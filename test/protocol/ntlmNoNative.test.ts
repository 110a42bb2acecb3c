import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Kerberos loads native code (koffi and the system GSSAPI) only when it is used: a fresh process that
 * signs in with NTLM against a pool offering both must end with no native module loaded.
 */
describe('the NTLM path loads no native code', function () {
  this.timeout(30_000);

  it('authentication ntlm: a sign-in and sign-out against a pool that also offers Kerberos leaves koffi unloaded', () => {
    const out = join(__dirname, '..', '..');
    const script = `
      const { SimulatedLyncPool } = require(${JSON.stringify(join(out, 'simulator', 'pool'))});
      const { aliceEndpoint } = require(${JSON.stringify(join(out, 'test', 'protocol', 'helpers', 'pool'))});
      const { nativeCodeLoaded } = require(${JSON.stringify(join(out, 'src', 'sip', 'auth', 'kerberos', 'loader'))});
      (async () => {
        const pool = await SimulatedLyncPool.start({ tlsPort: 0, tcpPort: 0 });
        const ep = aliceEndpoint(pool, 'tcp', { credential: { username: 'CONTOSO\\\\alice', password: 'secret', authentication: 'ntlm' } });
        await ep.establish();
        const scheme = ep.sipStack.securityAssociation.params.scheme;
        await ep.terminate();
        await pool.stop();
        const native = Object.keys(require.cache).filter((k) => /koffi|\\.node$/.test(k));
        console.log(JSON.stringify({ scheme, native, loaded: nativeCodeLoaded() }));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 25_000 });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { scheme: string; native: string[]; loaded: boolean };
    assert.equal(report.scheme, 'NTLM');
    assert.deepEqual(report.native, [], 'no native module in the require cache');
    assert.equal(report.loaded, false);
  });
});
