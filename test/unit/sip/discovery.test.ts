import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { discoverServers, parseServer } from '../../../src/sip/discovery';

describe('server discovery', () => {
  it('uses an explicit host[:port] with the transport default port', async () => {
    assert.deepEqual(await discoverServers({ domain: 'contoso.com', server: 'pool0.contoso.com', transport: 'tls' }), [{ host: 'pool0.contoso.com', port: 5061, transport: 'tls' }]);
    assert.deepEqual(parseServer('pool0.contoso.com:443', 'tls'), { host: 'pool0.contoso.com', port: 443, transport: 'tls' });
    assert.deepEqual(parseServer('[::1]:5070', 'tcp'), { host: '::1', port: 5070, transport: 'tcp' });
    assert.equal(parseServer('10.0.0.1', 'tcp').port, 5060);
  });

  it('rejects a malformed server setting with an actionable error', () => {
    for (const bad of ['pool0:99999', 'a b', ':5061', '']) {
      assert.throws(() => parseServer(bad, 'tls'), (e: unknown) => LyncError.is(e, 'InvalidSettings'), bad);
    }
  });

  it('asks DNS SRV in Lync order for TLS, then falls back to sipinternal.<domain> and sip.<domain>', async () => {
    const asked: string[] = [];
    const targets = await discoverServers({ domain: 'contoso.com', transport: 'tls' }, async (name) => {
      asked.push(name);
      if (name === '_sipinternaltls._tcp.contoso.com') return [
        { name: 'pool1.contoso.com.', port: 5061, priority: 10, weight: 0 },
        { name: 'pool0.contoso.com', port: 5061, priority: 0, weight: 0 },
      ];
      throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    });
    assert.deepEqual(asked, ['_sipinternaltls._tcp.contoso.com', '_sip._tls.contoso.com']);
    assert.deepEqual(targets.map((t) => `${t.host}:${t.port}`), ['pool0.contoso.com:5061', 'pool1.contoso.com:5061', 'sipinternal.contoso.com:5061', 'sip.contoso.com:5061']);
  });

  it('asks the TCP SRV names for TCP and uses port 5060 for the fallbacks', async () => {
    const asked: string[] = [];
    const targets = await discoverServers({ domain: 'contoso.com', transport: 'tcp' }, async (name) => { asked.push(name); return []; });
    assert.deepEqual(asked, ['_sipinternal._tcp.contoso.com', '_sip._tcp.contoso.com']);
    assert.deepEqual(targets.map((t) => `${t.host}:${t.port}`), ['sipinternal.contoso.com:5060', 'sip.contoso.com:5060']);
  });
});
