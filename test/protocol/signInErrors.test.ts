import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LyncError, LyncErrorCode } from '../../src/common/errors';
import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { SimulatedLyncPool } from '../../simulator/pool';
import { trackResources } from './helpers/leaks';
import { freePort } from './helpers/net';
import { aliceEndpoint, CA_FILE, PKI, startPool } from './helpers/pool';

/** Each failure a user can meet: the error type, the SIP status where there is one, and the end state. */
describe('sign-in failures end Terminated with a typed, actionable error', function () {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  after(async () => { await pool?.stop(); });

  async function expectFailure(ep: UserEndpoint, code: LyncErrorCode, check?: (e: LyncError) => void): Promise<void> {
    const resources = await trackResources();
    let reason: LyncError | undefined;
    ep.onStateChanged((e) => { if (e.state === 'Terminated') reason = e.reason; });
    await assert.rejects(ep.establish(), (e: unknown) => {
      assert.ok(e instanceof LyncError, `a LyncError, got ${String(e)}`);
      assert.equal(e.code, code, e.message);
      assert.doesNotMatch(e.message, /secret/, 'the password never appears in an error');
      check?.(e);
      return true;
    });
    assert.equal(ep.state, 'Terminated');
    assert.equal(reason?.code, code, 'the state event carries the same reason');
    await resources.check();
  }

  it('wrong password → AuthenticationFailed (401 after the handshake), not retriable', () =>
    expectFailure(aliceEndpoint(pool, 'tls', { credential: { username: 'CONTOSO\\alice', password: 'wrong' } }), 'AuthenticationFailed', (e) => {
      assert.equal(e.sipStatus, 401);
      assert.equal(e.retriable, false);
    }));

  it('user not enabled (404) → UserNotEnabled with the ms-diagnostics reason', async () => {
    pool.failNext({ method: 'REGISTER', status: 404, reason: 'Not Found', diagnostics: '4005;reason="Destination URI either not enabled for SIP or does not exist"' });
    await expectFailure(aliceEndpoint(pool, 'tcp'), 'UserNotEnabled', (e) => {
      assert.equal(e.sipStatus, 404);
      assert.match(e.diagnostics ?? '', /not enabled for SIP/);
    });
  });

  it('rejected (403 with ms-diagnostics) → Rejected', async () => {
    pool.failNext({ method: 'REGISTER', status: 403, reason: 'Forbidden', diagnostics: '1000;reason="User is disabled"' });
    await expectFailure(aliceEndpoint(pool, 'tcp'), 'Rejected', (e) => assert.match(e.diagnostics ?? '', /User is disabled/));
  });

  it('server unavailable (503) → ServiceUnavailable, retriable', async () => {
    pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable', diagnostics: '1008;reason="Server is busy"' });
    await expectFailure(aliceEndpoint(pool, 'tcp'), 'ServiceUnavailable', (e) => {
      assert.equal(e.sipStatus, 503);
      assert.equal(e.retriable, true);
    });
  });

  it('DNS failure → ServerNotFound', () =>
    // .invalid never resolves (RFC 6761): the machine's own resolver answers NXDOMAIN (or fails without a network).
    expectFailure(aliceEndpoint(pool, 'tls', { server: 'pool0.does-not-exist.invalid' }), 'ServerNotFound'));

  it('connection refused → ConnectionFailed', async () =>
    expectFailure(aliceEndpoint(pool, 'tcp', { server: `127.0.0.1:${await freePort()}` }), 'ConnectionFailed'));

  it('certificate from an untrusted CA → CertificateUntrusted (verification stays on)', () =>
    expectFailure(aliceEndpoint(pool, 'tls', { tls: undefined }), 'CertificateUntrusted', (e) => assert.equal(e.retriable, false)));

  it('certificate for another name → CertificateNameMismatch', async () => {
    // A pool whose certificate (issued by the trusted CA) names only other.example.net, reached as localhost.
    const pkiDir = mkdtempSync(join(tmpdir(), 'wrong-name-pki-'));
    copyFileSync(join(PKI, 'ca.pem'), join(pkiDir, 'ca.pem'));
    copyFileSync(join(PKI, 'wrong-name.pem'), join(pkiDir, 'server.pem'));
    copyFileSync(join(PKI, 'wrong-name-key.pem'), join(pkiDir, 'server-key.pem'));
    const other = await startPool({ pkiDir });
    try {
      await expectFailure(new UserEndpoint({
        userUri: 'sip:alice@contoso.com', server: `localhost:${other.addresses.tls.port}`, transport: 'tls',
        credential: { password: 'secret' }, tls: { caFile: CA_FILE }, connectTimeoutMs: 5000,
      }), 'CertificateNameMismatch');
    } finally {
      await other.stop();
      rmSync(pkiDir, { recursive: true, force: true });
    }
  });

  it('no answer → Timeout', async () => {
    pool.stall(3);
    try {
      await expectFailure(aliceEndpoint(pool, 'tcp', { requestTimeoutMs: 500 }), 'Timeout');
    } finally {
      pool.stall(0);
    }
  });
});
