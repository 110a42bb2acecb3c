import assert from 'node:assert/strict';
import { LyncError } from '../../src/common/errors';
import { SimulatedLyncPool } from '../../simulator/pool';
import { CliRun, isError } from './helpers/cliSession';
import { aliceConnection, ROOMS } from './helpers/connection';
import { waitFor } from './helpers/net';
import { ALICE, aliceEndpoint, CA_FILE, startPool } from './helpers/pool';

/** Requests alice sent (direction in at the pool), by method, from log index `from`. */
function sent(pool: SimulatedLyncPool, method: string, from = 0) {
  return pool.messageLog.slice(from).filter((m) => m.direction === 'in' && m.text.startsWith(`${method} `));
}

/** Responses the pool wrote with this status to requests of this method, from log index `from`. */
function answered(pool: SimulatedLyncPool, status: number, method: string, from = 0) {
  const cseq = new RegExp(`^CSeq: *\\d+ ${method}\\r?$`, 'im');
  return pool.messageLog.slice(from).filter((m) => m.direction === 'out' && m.text.startsWith(`SIP/2.0 ${status} `) && cseq.test(m.text));
}

/**
 * New handshakes from `from` on. The log redacts every authentication header, so they are counted
 * by their answers: each NTLM handshake is answered 401 twice (the offer, then the CHALLENGE).
 */
const handshakes = (pool: SimulatedLyncPool, from = 0) => answered(pool, 401, 'REGISTER', from).length / 2;

const header = (text: string, name: string) => new RegExp(`^${name}: *([^\\r\\n]*)`, 'im').exec(text)?.[1]?.trim();

describe('staying signed in: a mid-session 401/407 runs the handshake again and resends the request once', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  afterEach(() => { pool.dropAssociations(false); pool.faults.nextResponse = undefined; });
  after(async () => { await pool?.stop(); });

  it('a chat command after the pool dropped the security association is re-authenticated and completes, on the same connection, without a sign-in failure', async () => {
    const { connection, phases } = aliceConnection(pool);
    await connection.connect();
    await connection.rooms.post(ROOMS.releaseTrain, 'before the drop');
    const mark = pool.messageLog.length;
    const phasesBefore = phases.length;
    assert.equal(pool.dropSecurityAssociation(ALICE.uri), 1);
    const posted = await connection.rooms.post(ROOMS.releaseTrain, 'after the drop');
    assert.equal(posted.text, 'after the drop');
    assert.equal(answered(pool, 401, 'INFO', mark).length, 2, 'the post and its confirming cmd:bccontext, sent together, were both challenged');
    assert.equal(handshakes(pool, mark), 1, 'one new handshake');
    const infos = sent(pool, 'INFO', mark).filter((m) => m.text.includes('after the drop'));
    assert.equal(infos.length, 2, 'the command was resent once');
    const [first, second] = infos.map((m) => Number(/^CSeq: *(\d+)/im.exec(m.text)?.[1]));
    assert.ok(second > first, `the resend has a new CSeq (${first} → ${second})`);
    assert.deepEqual(phases.slice(phasesBefore), [], 'the connection never left Connected');
    assert.equal(connection.status.phase, 'Connected');
    assert.equal(pool.registrations().filter((r) => r.userUri === ALICE.uri).length, 1, 'still one registration');
    await connection.disconnect();
    connection.dispose();
  });

  it('concurrent challenged chat commands share one handshake and all complete', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    const mark = pool.messageLog.length;
    pool.dropSecurityAssociation(ALICE.uri);
    const posts = await Promise.all(['one', 'two', 'three'].map((text) => connection.rooms.post(ROOMS.releaseTrain, text)));
    assert.deepEqual(posts.map((p) => p.text), ['one', 'two', 'three']);
    assert.equal(handshakes(pool, mark), 1, 'one handshake for all of them');
    await connection.disconnect();
    connection.dispose();
  });

  it('an out-of-dialog SUBSCRIBE (provisioning) after the drop is resent with the same Call-ID and the next CSeq, signed with the new association', async () => {
    const ep = aliceEndpoint(pool, 'tls');
    await ep.establish();
    const saBefore = ep.sipStack.securityAssociation;
    const mark = pool.messageLog.length;
    pool.dropSecurityAssociation(ALICE.uri);
    const data = await ep.getProvisioningData();
    assert.ok(data, 'provisioning answered');
    const subscribes = sent(pool, 'SUBSCRIBE', mark);
    assert.equal(subscribes.length, 2);
    assert.equal(header(subscribes[1].text, 'Call-ID'), header(subscribes[0].text, 'Call-ID'));
    assert.equal(Number(/^CSeq: *(\d+)/im.exec(subscribes[1].text)?.[1]), Number(/^CSeq: *(\d+)/im.exec(subscribes[0].text)?.[1]) + 1);
    assert.notEqual(ep.sipStack.securityAssociation, saBefore, 'a new security association is installed');
    assert.equal(ep.state, 'Established');
    await ep.terminate();
  });

  it('a 407 (Proxy-Authenticate) to the chat INVITE is answered: new handshake, the INVITE resent, the chat session opens', async () => {
    const { connection } = aliceConnection(pool);
    const mark = pool.messageLog.length;
    pool.challengeNext(407, 'INVITE');
    await connection.connect();
    assert.equal(answered(pool, 407, 'INVITE', mark).length, 1, 'the first INVITE got 407');
    assert.equal(handshakes(pool, mark), 2, 'the sign-in handshake and one more after the 407');
    const invites = sent(pool, 'INVITE', mark);
    assert.equal(header(invites[1].text, 'Call-ID'), header(invites[0].text, 'Call-ID'), 'the resent INVITE keeps its Call-ID');
    assert.equal(connection.status.phase, 'Connected');
    await connection.disconnect();
    connection.dispose();
  });

  it('a REGISTER refresh answered 401 runs a full re-authentication and the endpoint stays signed in', async () => {
    const short = await startPool({ registrationExpiresSec: 2 });
    try {
      const ep = aliceEndpoint(short, 'tcp');
      await ep.establish();
      const mark = short.messageLog.length;
      short.dropSecurityAssociation(ALICE.uri);
      await waitFor(() => answered(short, 200, 'REGISTER', mark).length > 0, 10_000, 'a refreshed registration');
      assert.equal(handshakes(short, mark), 1, 'the refresh was challenged, then one handshake ran');
      assert.equal(ep.state, 'Established');
      await ep.getProvisioningData();
      await ep.terminate();
    } finally {
      await short.stop();
    }
  });

  it('a pool that challenges every request is not looped on: one handshake, one resend, then AuthenticationFailed (challengeRepeated, password kept)', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await connection.rooms.post(ROOMS.releaseTrain, 'joined first');
    const mark = pool.messageLog.length;
    pool.dropAssociations(true);
    await assert.rejects(connection.rooms.post(ROOMS.releaseTrain, 'never'), (e: unknown) => {
      assert.ok(LyncError.is(e, 'AuthenticationFailed'), String(e));
      assert.equal(e.auth?.reason, 'challengeRepeated');
      assert.doesNotMatch(e.message, /wrong user name or password/);
      return true;
    });
    assert.equal(handshakes(pool, mark), 1);
    assert.equal(sent(pool, 'INFO', mark).filter((m) => m.text.includes('never')).length, 2, 'sent, resent once, no more');
    pool.dropAssociations(false);
    await connection.disconnect();
    connection.dispose();
  });

  it('a re-authentication refused on the password ends the session with AuthenticationFailed (passwordRefused), as at sign-in', async () => {
    const ep = aliceEndpoint(pool, 'tcp');
    await ep.establish();
    const user = pool.users.find((u) => u.uri === ALICE.uri);
    assert.ok(user);
    const password = user.password;
    user.password = 'changed-by-the-administrator';
    try {
      pool.dropSecurityAssociation(ALICE.uri);
      await assert.rejects(ep.getProvisioningData(), (e: unknown) => LyncError.is(e, 'AuthenticationFailed') && e.auth?.reason === 'passwordRefused');
      assert.equal(ep.state, 'Terminated');
    } finally {
      user.password = password;
      await ep.terminate();
    }
  });
});

describe('a pool that offers no scheme this client supports ends sign-in with a clear error', function () {
  // (a Kerberos-only pool signs a ticket holder in: test/protocol/kerberos.test.ts)
  for (const [auth, scheme, why] of [['tls-dsk', 'TLS-DSK', /TLS-DSK \(certificate sign-in\)/]] as const) {
    it(`only ${scheme}: AuthenticationFailed (noSupportedScheme) naming ${scheme} and asking the administrator for NTLM`, async () => {
      const pool = await startPool({ auth });
      try {
        const ep = aliceEndpoint(pool, 'tcp');
        await assert.rejects(ep.establish(), (e: unknown) => {
          assert.ok(LyncError.is(e, 'AuthenticationFailed'), String(e));
          assert.deepEqual(e.auth, { reason: 'noSupportedScheme', offered: [scheme] });
          assert.match(e.message, why);
          assert.match(e.message, /administrator to enable NTLM/);
          assert.equal(e.retriable, false);
          return true;
        });
        assert.equal(ep.state, 'Terminated');
      } finally {
        await pool.stop();
      }
    });
  }
});

describe('lync-pchat (the built CLI) against a pool offering only TLS-DSK', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool({ auth: 'tls-dsk' }); });
  after(async () => { await pool?.stop(); });

  const run = (extra: string[]) => new CliRun(['--uri', ALICE.uri, '--server', `127.0.0.1:${pool.addresses.tls.port}`, '--transport', 'tls', '--username', ALICE.login, '--ca', CA_FILE, '--no-chat', ...extra], { LYNC_PASSWORD: ALICE.password });

  it('--json: exit 1 with an AuthenticationFailed error line whose auth reason is noSupportedScheme', async () => {
    const cli = run(['--json']);
    assert.equal(await cli.exitCode(), 1, cli.output);
    const error = cli.lines.find(isError);
    assert.equal(error?.code, 'AuthenticationFailed', cli.output);
    assert.equal(error?.auth, 'noSupportedScheme');
    assert.match(String(error?.message), /TLS-DSK/);
  });

  it('text: the error names TLS-DSK and the hint asks the administrator for NTLM, not for the password', async () => {
    const cli = run([]);
    assert.equal(await cli.exitCode(), 1, cli.output);
    assert.match(cli.stdout, /TLS-DSK/);
    assert.match(cli.stdout, /→ ask your Lync administrator to enable NTLM/);
    assert.doesNotMatch(cli.stdout, /LYNC_PASSWORD/);
  });
});
