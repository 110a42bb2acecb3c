/**
 * Fidelity of the simulator's Kerberos: the real pidgin-sipe (`authentication = krb5`, single
 * sign-on with a ticket from the loopback MIT KDC) signs in to the simulated pool, and every
 * signature verifies both ways: the wire matches a real client's.
 */
import assert from 'node:assert/strict';
import { SimulatedLyncPool } from '../../simulator/pool';
import { sipeMissing, sipeRunCleanup, SipeRun, waitForSipe } from '../../simulator/sipeHarness';
import { Kdc, kdcAvailable, POOL_SERVICE, startKdc, useKdc } from './helpers/kdc';
import { requirePrerequisite } from './helpers/net';
import { startPool } from './helpers/pool';

describe('fidelity: the real pidgin-sipe signs in to the simulated pool with Kerberos (authentication = krb5, single sign-on)', function () {
  this.timeout(120_000);
  let kdc: Kdc | undefined;
  let pool: SimulatedLyncPool | undefined;
  let sipe: SipeRun | undefined;
  let restore: (() => void) | undefined;
  const cleanup = sipeRunCleanup(() => sipe, async () => {
    await pool?.stop();
    restore?.();
    await kdc?.stop();
  });

  before(async function () {
    requirePrerequisite(this, kdcAvailable(), 'MIT Kerberos (krb5-kdc, krb5-admin-server, krb5-user)');
    requirePrerequisite(this, sipeMissing().length === 0, `pidgin-sipe (${sipeMissing().join(', ')})`);
    kdc = await startKdc();
    kdc.addUser('alice', 'Kerberos-alice-1');
    kdc.addService(POOL_SERVICE);
    const cache = kdc.kinit('alice', 'Kerberos-alice-1');
    restore = useKdc(kdc, cache);
    pool = await startPool({ ntlmVersion: 4 });
    sipe = SipeRun.start({
      host: '127.0.0.1', port: pool.addresses.tcp.port, transport: 'tcp', user: 'alice@contoso.com', password: 'unused-with-sso',
      auth: 'krb5', sso: true,
    });
    const run = sipe;
    try {
      await waitForSipe(() => run.messages().some((m) => m.direction === 'received' && /^SIP\/2\.0 200 OK[\s\S]*\nCSeq: \d+ REGISTER\n/.test(m.text)), 'REGISTER 200 OK');
      await waitForSipe(() => (run.debugLog().match(/signature of incoming message validated/g) ?? []).length >= 3, 'sipe to validate three signatures');
    } catch (error) {
      cleanup.markFailed();
      throw error;
    }
  });


  it('one round trip: 401 offer (NTLM and Kerberos), then a REGISTER carrying the AP-REQ that the pool accepts for alice@CONTOSO.COM with 200 OK', () => {
    const register = pool!.messageLog.filter((e) => /^CSeq: \d+ REGISTER\r?$/m.test(e.text)).slice(0, 4);
    assert.deepEqual(register.map((e) => `${e.direction} ${e.firstLine}`), [
      'in REGISTER sip:contoso.com SIP/2.0', 'out SIP/2.0 401 Unauthorized',
      'in REGISTER sip:contoso.com SIP/2.0', 'out SIP/2.0 200 OK',
    ]);
    assert.ok(pool!.log.notes.some((n) => /Kerberos AP-REQ: alice@CONTOSO\.COM for sip\/pool0\.contoso\.com: accepted/.test(n)), pool!.log.notes.slice(-20).join('\n'));
  });

  it('every message sipe signed with its GSS MIC verified at the pool, and sipe verified every MIC of ours', () => {
    assert.deepEqual(pool!.log.notes.filter((n) => /invalid MS-SIPAE signature|signature (invalid|unsigned)|dropped unsigned|unsigned REGISTER/.test(n)), []);
    const log = sipe?.debugLog() ?? '';
    assert.doesNotMatch(log, /[Ii]nvalid message signature|signature of incoming message invalid|could not verify/);
    const firstOk = pool!.messageLog.findIndex((e) => e.direction === 'out' && e.firstLine === 'SIP/2.0 200 OK');
    const unsigned = pool!.messageLog.slice(firstOk).filter((e) => e.direction === 'out' && !/^Authentication-Info: /m.test(e.text));
    assert.deepEqual(unsigned.map((e) => e.firstLine), [], 'everything the pool sent after the SA carries Authentication-Info');
  });
});
