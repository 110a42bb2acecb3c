import assert from 'node:assert/strict';
import { LyncError } from '../../src/common/errors';
import { InProcessPoolMemory } from '../../src/endpoint/poolMemory';
import type { AuthenticationChoice } from '../../src/endpoint/registration';
import { kerberosApi } from '../../src/sip/auth/kerberos/loader';
import { SimulatedLyncPool } from '../../simulator/pool';
import { CliRun, isState } from './helpers/cliSession';
import { aliceConnection, ROOMS } from './helpers/connection';
import { Kdc, kdcAvailable, kdcLog, POOL_SERVICE, skewCache, startKdc, useKdc } from './helpers/kdc';
import { requirePrerequisite, waitFor } from './helpers/net';
import { ALICE, aliceEndpoint, startPool } from './helpers/pool';

const ALICE_KDC_PASSWORD = 'Kerberos-alice-1';

/** Notes the pool wrote about Kerberos and NTLM handshakes, from note index `from`. */
const kerberosNotes = (pool: SimulatedLyncPool, from = 0) => pool.log.notes.slice(from).filter((n) => /Kerberos AP-REQ: alice@CONTOSO\.COM .*accepted/.test(n));
const ntlmNotes = (pool: SimulatedLyncPool, from = 0) => pool.log.notes.slice(from).filter((n) => /NTLM AUTHENTICATE: /.test(n));

function credential(authentication: AuthenticationChoice, password = '') {
  return { credential: { username: ALICE.login, password, authentication } };
}

/** Signs alice in with this credential and returns the error the endpoint ended with. */
async function signInError(pool: SimulatedLyncPool, overrides: ReturnType<typeof credential>): Promise<LyncError> {
  const ep = aliceEndpoint(pool, 'tcp', overrides);
  try {
    await ep.establish();
    assert.fail('sign-in should have failed');
  } catch (error) {
    assert.ok(error instanceof LyncError, String(error));
    return error;
  } finally {
    ep.dispose();
  }
}

describe('single sign-on: MS-SIPAE Kerberos against the simulator and a real MIT KDC on loopback', function () {
  this.timeout(60_000);
  let kdc: Kdc;
  let pool: SimulatedLyncPool;
  let restore: (() => void) | undefined;
  let aliceCache: string;

  before(async function () {
    requirePrerequisite(this, kdcAvailable(), 'MIT Kerberos (krb5-kdc, krb5-admin-server, krb5-user)');
    kdc = await startKdc();
    kdc.addUser('alice', ALICE_KDC_PASSWORD);
    kdc.addUser('mallory', 'Kerberos-mallory-1');
    kdc.addService(POOL_SERVICE);
    aliceCache = kdc.kinit('alice', ALICE_KDC_PASSWORD);
    pool = await startPool();
  });
  afterEach(() => { restore?.(); restore = undefined; pool?.corruptSignatures(false); });
  after(async () => {
    await pool?.stop();
    await kdc?.stop();
  });

  it('signs in with the ticket and no password: every message both ways carries a GSS MIC that verifies, chat reaches Established and a post goes through', async () => {
    restore = useKdc(kdc, aliceCache);
    const notes = pool.log.notes.length;
    const { connection } = aliceConnection(pool, { endpoint: credential('kerberos') });
    try {
      await connection.connect();
      const posted = await connection.rooms.post(ROOMS.releaseTrain, 'signed in with Kerberos');
      assert.equal(posted.text, 'signed in with Kerberos');
      assert.equal(connection.status.phase, 'Connected');
      assert.equal(kerberosNotes(pool, notes).length, 1, `one Kerberos handshake (${kdcLog(kdc)})`);
      assert.equal(ntlmNotes(pool, notes).length, 0, 'no NTLM');
      // the pool drops a connection whose signature does not verify, and so does the client: nothing was dropped
      assert.ok(!pool.log.notes.slice(notes).some((n) => /signature/i.test(n) && /invalid/i.test(n)), 'no invalid signature on either side');
    } finally {
      await connection.disconnect();
      connection.dispose();
    }
  });

  it('hostile MIC tokens (bit flips, truncations, extensions, random bytes, oversized) are refused by gss_verify_mic without a crash; the genuine one verifies', async () => {
    restore = useKdc(kdc, aliceCache);
    const { token, context: client } = await kerberosApi().initiate(POOL_SERVICE);
    const { context: server } = kerberosApi().accept(token);
    try {
      const message = Buffer.from('<Kerberos><4a3b2c1d><1><SIP Communications Service><sip/pool0.contoso.com><call-1><1><REGISTER>');
      const mic = client.getMic(message);
      assert.ok(server.verifyMic(message, mic), 'the genuine MIC verifies');
      let seed = 7;
      const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
      const hostile: Buffer[] = [Buffer.alloc(0), Buffer.alloc(70_000, 0x04), mic.subarray(0, 1), mic.subarray(0, mic.length - 1), Buffer.concat([mic, Buffer.alloc(3)])];
      for (let i = 0; i < 2000; i++) {
        const t = Buffer.from(mic);
        if (i % 3 === 0) t[next() % t.length] ^= 1 << (next() % 8);
        hostile.push(i % 3 === 1 ? Buffer.from(Array.from({ length: next() % 80 }, () => next() & 0xff)) : i % 3 === 2 ? t.subarray(0, next() % t.length) : t);
      }
      for (const t of hostile) assert.equal(server.verifyMic(message, t), false, t.toString('hex'));
      assert.ok(server.verifyMic(message, mic), 'the context still works');
    } finally {
      client.dispose();
      server.dispose();
    }
  });

  it('the client checks the pool\'s MICs: a corrupted server signature ends the connection with SignatureInvalid', async () => {
    restore = useKdc(kdc, aliceCache);
    pool.corruptSignatures(true);
    const error = await signInError(pool, credential('kerberos'));
    assert.ok(['SignatureInvalid', 'ConnectionLost'].includes(error.code), `${error.code}: ${error.message}`);
  });

  it('the association is renewed with a new Kerberos handshake before a short ticket ends, on the same connection, and chat keeps working', async () => {
    restore = useKdc(kdc, kdc.kinit('alice', ALICE_KDC_PASSWORD, { lifetime: '30s' }));
    const notes = pool.log.notes.length;
    const ep = aliceEndpoint(pool, 'tcp', credential('kerberos'));
    try {
      await ep.establish();
      const first = ep.sipStack.securityAssociation;
      assert.equal(first?.params.scheme, 'Kerberos');
      assert.ok((first?.renewAfterMs ?? Infinity) < 30_000, `renewed before the ticket ends (after ${first?.renewAfterMs} ms)`);
      await waitFor(() => kerberosNotes(pool, notes).length >= 2, 40_000, 'a second Kerberos handshake');
      assert.equal(ep.state, 'Established');
      assert.notEqual(ep.sipStack.securityAssociation, first, 'a new association');
      assert.ok(await ep.getProvisioningData(), 'a signed request still goes through');
    } finally {
      await ep.terminate();
      ep.dispose();
    }
  });

  it('auto with no ticket falls back to NTLM with the password', async () => {
    restore = useKdc(kdc, kdc.emptyCache());
    const notes = pool.log.notes.length;
    const ep = aliceEndpoint(pool, 'tcp', credential('auto', ALICE.password));
    try {
      await ep.establish();
      assert.equal(ep.sipStack.securityAssociation?.params.scheme, 'NTLM');
      assert.equal(ntlmNotes(pool, notes).length, 1);
      assert.equal(kerberosNotes(pool, notes).length, 0);
    } finally {
      await ep.terminate();
      ep.dispose();
    }
  });

  it('auto with a ticket prefers Kerberos even with a password at hand', async () => {
    restore = useKdc(kdc, aliceCache);
    const notes = pool.log.notes.length;
    const ep = aliceEndpoint(pool, 'tcp', credential('auto', ALICE.password));
    try {
      await ep.establish();
      assert.equal(ep.sipStack.securityAssociation?.params.scheme, 'Kerberos');
      assert.equal(ntlmNotes(pool, notes).length, 0);
    } finally {
      await ep.terminate();
      ep.dispose();
    }
  });

  it('a restart that remembers the pool\'s NTLM offer: auto with a ticket at hand sends no early NTLM request and signs in with Kerberos; with no ticket the early request goes and NTLM signs in', async () => {
    const memory = new InProcessPoolMemory();
    const signIn = async (cache: string) => {
      restore?.();
      restore = useKdc(kdc, cache);
      const ep = aliceEndpoint(pool, 'tcp', { ...credential('auto', ALICE.password), poolMemory: memory });
      try {
        await ep.establish();
        return ep.sipStack.securityAssociation?.params.scheme;
      } finally {
        await ep.terminate();
        ep.dispose();
      }
    };
    assert.equal(await signIn(kdc.emptyCache()), 'NTLM', 'the first run signs in with NTLM');
    assert.equal(memory.load().ntlmOffer?.kerberos, true, 'and remembers the pool\'s NTLM offer, Kerberos offered beside it');
    const notes = pool.log.notes.length;
    assert.equal(await signIn(aliceCache), 'Kerberos', 'with a ticket the restart signs in with Kerberos');
    assert.equal(ntlmNotes(pool, notes).length, 0, 'no NTLM handshake');
    assert.equal(await signIn(kdc.emptyCache()), 'NTLM', 'without one the remembered offer is used');
    assert.equal(memory.load().ntlmOffer?.kerberos, true, 'the early request\'s sign-in keeps what the last offer said');
  });

  it('a restart whose remembered offer came without Kerberos sends the early NTLM request without looking for a ticket (auto would use NTLM anyway)', async () => {
    const memory = new InProcessPoolMemory();
    restore = useKdc(kdc, kdc.emptyCache());
    const first = aliceEndpoint(pool, 'tcp', { ...credential('auto', ALICE.password), poolMemory: memory });
    await first.establish().finally(async () => { await first.terminate(); first.dispose(); });
    const remembered = memory.load();
    memory.save({ ...remembered, ntlmOffer: { ...remembered.ntlmOffer!, kerberos: false } }); // as a pool that offers only NTLM leaves it
    restore();
    restore = useKdc(kdc, aliceCache);
    const ep = aliceEndpoint(pool, 'tcp', { ...credential('auto', ALICE.password), poolMemory: memory });
    try {
      await ep.establish();
      assert.equal(ep.sipStack.securityAssociation?.params.scheme, 'NTLM', 'the ticket at hand was not looked for: the early NTLM request went');
    } finally {
      await ep.terminate();
      ep.dispose();
    }
  });

  it('kerberos with no ticket ends with its own reason (noTicket) and never tries NTLM', async () => {
    restore = useKdc(kdc, kdc.emptyCache());
    const notes = pool.log.notes.length;
    const error = await signInError(pool, credential('kerberos', ALICE.password));
    assert.equal(error.code, 'AuthenticationFailed');
    assert.equal(error.auth?.reason, 'noTicket', error.message);
    assert.match(error.message, /no valid ticket/);
    assert.equal(ntlmNotes(pool, notes).length, 0);
  });

  it('a clock an hour ahead of the KDC\'s (beyond its 5 min skew) ends with clockSkew, keeps the password and does not fall back to NTLM', async () => {
    const cache = kdc.kinit('alice', ALICE_KDC_PASSWORD);
    skewCache(cache, 3600);
    restore = useKdc(kdc, cache);
    const notes = pool.log.notes.length;
    const error = await signInError(pool, credential('auto', ALICE.password));
    assert.equal(error.auth?.reason, 'clockSkew', error.message);
    assert.match(error.message, /clock/);
    assert.equal(ntlmNotes(pool, notes).length, 0);
  });

  it('an unknown service principal (the pool names a sip/ principal the KDC lacks) ends with unknownServicePrincipal, naming it', async () => {
    restore = useKdc(kdc, aliceCache);
    const other = await startPool({ fqdn: 'pool9.contoso.com' });
    try {
      const error = await signInError(other, credential('auto', ALICE.password));
      assert.equal(error.auth?.reason, 'unknownServicePrincipal', error.message);
      assert.match(error.message, /sip\/pool9\.contoso\.com/);
    } finally {
      await other.stop();
    }
  });

  it('a user the pool refuses (a valid ticket for someone it does not know) ends with kerberosRefused, and auto does not fall back to NTLM', async () => {
    restore = useKdc(kdc, kdc.kinit('mallory', 'Kerberos-mallory-1'));
    const notes = pool.log.notes.length;
    const error = await signInError(pool, credential('auto', ALICE.password));
    assert.equal(error.auth?.reason, 'kerberosRefused', error.message);
    assert.equal(ntlmNotes(pool, notes).length, 0, 'no NTLM after the pool refused the user');
  });

  it('a pool with NTLM turned off and no ticket: auto ends with noTicket (what to do: klist / kinit), not a password error', async () => {
    restore = useKdc(kdc, kdc.emptyCache());
    const only = await startPool({ auth: 'kerberos' });
    try {
      const error = await signInError(only, credential('auto', ALICE.password));
      assert.equal(error.auth?.reason, 'noTicket', error.message);
      assert.match(error.message, /klist/);
    } finally {
      await only.stop();
    }
  });

  it('a pool with NTLM turned off and authentication ntlm: noSupportedScheme saying Kerberos was turned off here', async () => {
    const only = await startPool({ auth: 'kerberos' });
    try {
      const error = await signInError(only, credential('ntlm', ALICE.password));
      assert.deepEqual(error.auth, { reason: 'noSupportedScheme', offered: ['Kerberos'] });
      assert.match(error.message, /Kerberos single sign-on was turned off/);
    } finally {
      await only.stop();
    }
  });

  it('auto without a password at a pool that offers no Kerberos (Digest only) sends no empty password: credentialsMissing', async () => {
    restore = useKdc(kdc, aliceCache);
    const digest = await startPool({ auth: 'digest' });
    try {
      const error = await signInError(digest, credential('auto'));
      assert.equal(error.auth?.reason, 'credentialsMissing', error.message);
      assert.ok(!digest.log.notes.some((n) => /Digest authentication failed/.test(n)), 'no Digest answer was sent');
    } finally {
      await digest.stop();
    }
  });

  it('a pool with NTLM turned off (--only-kerberos) signs a ticket holder in', async () => {
    restore = useKdc(kdc, aliceCache);
    const only = await startPool({ auth: 'kerberos' });
    const ep = aliceEndpoint(only, 'tcp', credential('auto'));
    try {
      await ep.establish();
      assert.equal(ep.sipStack.securityAssociation?.params.scheme, 'Kerberos');
    } finally {
      await ep.terminate();
      ep.dispose();
      await only.stop();
    }
  });

  it('lync-pchat --auth kerberos with a ticket and no LYNC_PASSWORD reaches chat Established (nothing asked), and signs out cleanly on Ctrl-C', async () => {
    restore = useKdc(kdc, aliceCache);
    const args = ['--uri', ALICE.uri, '--server', `127.0.0.1:${pool.addresses.tcp.port}`, '--transport', 'tcp', '--auth', 'kerberos', '--json'];
    const run = new CliRun(args, { KRB5_CONFIG: kdc.config, KRB5CCNAME: aliceCache });
    await run.waitForLine(isState('chat', 'Established'), 'chat Established');
    run.interrupt();
    assert.equal(await run.exitCode(), 0, run.output);
  });

  it('lync-pchat --auth kerberos with no ticket exits 1 with the noTicket reason and the klist / kinit hint', async () => {
    const cache = kdc.emptyCache();
    restore = useKdc(kdc, cache);
    const args = ['--uri', ALICE.uri, '--server', `127.0.0.1:${pool.addresses.tcp.port}`, '--transport', 'tcp', '--auth', 'kerberos', '--once'];
    const run = new CliRun(args, { KRB5_CONFIG: kdc.config, KRB5CCNAME: cache });
    assert.equal(await run.exitCode(), 1, run.output);
    assert.match(run.stdout, /no valid ticket/);
    assert.match(run.stdout, /→ sign in to your domain or run kinit, check with klist/);
  });
});
