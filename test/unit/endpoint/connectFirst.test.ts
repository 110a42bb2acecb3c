import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { nullLogger } from '../../../src/common/logger';
import { connectFirst, failureLabel } from '../../../src/endpoint/connectFirst';
import { DISCOVERY_BOUND_MS, ServerList } from '../../../src/sip/discovery';

describe('connectFirst: trying the servers discovery found', () => {
  const discovered: ServerList = {
    targets: [{ host: 'sipinternal.contoso.com', port: 5061, transport: 'tls' }, { host: 'sip.contoso.com', port: 443, transport: 'tls' }],
    lookups: ['SRV _sipinternaltls._tcp.contoso.com: NXDOMAIN', 'SRV _sip._tls.contoso.com: NXDOMAIN'],
    discovered: true,
  };

  it('once the discovery bound has passed, tries nothing more and its ServerNotFound lists the lookups and the servers not tried', async () => {
    const startedAt = Date.now() - DISCOVERY_BOUND_MS - 1000;
    const error = await connectFirst(discovered, { connectTimeoutMs: 10_000, signal: new AbortController().signal, logger: nullLogger, startedAt }).then(
      () => assert.fail('connected'), (e: unknown) => e);
    assert.ok(LyncError.is(error, 'ServerNotFound'), String(error));
    for (const line of [...discovered.lookups, 'sipinternal.contoso.com:5061: not tried', 'sip.contoso.com:443: not tried']) {
      assert.ok(error.message.includes(line), `"${line}" in: ${error.message}`);
    }
  });

  it('stops at once when cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(connectFirst(discovered, { connectTimeoutMs: 10_000, signal: abort.signal, logger: nullLogger }), (e: unknown) => LyncError.is(e, 'Aborted'));
  });

  it('names each failure shortly: NXDOMAIN, refused, timeout, TLS error', () => {
    const errno = (code: string) => Object.assign(new Error(code), { code });
    assert.equal(failureLabel(new LyncError('ServerNotFound', 'x', { cause: errno('ENOTFOUND') })), 'NXDOMAIN');
    assert.equal(failureLabel(new LyncError('ConnectionFailed', 'x', { cause: errno('ECONNREFUSED') })), 'refused');
    assert.equal(failureLabel(new LyncError('Timeout', 'No answer from a:1 within 3 s.')), 'timeout');
    assert.equal(failureLabel(new LyncError('ConnectionFailed', 'The TLS handshake with a:1 failed: alert')), 'TLS error (The TLS handshake with a:1 failed: alert)');
  });
});
