import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { discoverServers, discoverySteps, orderTargets, parseServer, SrvAnswer } from '../../../src/sip/discovery';

const hostPorts = (targets: { host: string; port: number }[]) => targets.map((t) => `${t.host}:${t.port}`);

describe('server discovery', () => {
  it('uses an explicit host[:port] with the transport default port, without any lookup', async () => {
    const list = await discoverServers({ domain: 'contoso.com', server: 'pool0.contoso.com', transport: 'tls' });
    assert.deepEqual(list, { targets: [{ host: 'pool0.contoso.com', port: 5061, transport: 'tls' }], lookups: [], discovered: false });
    assert.deepEqual(parseServer('pool0.contoso.com:443', 'tls'), { host: 'pool0.contoso.com', port: 443, transport: 'tls' });
    assert.deepEqual(parseServer('[::1]:5070', 'tcp'), { host: '::1', port: 5070, transport: 'tcp' });
    assert.equal(parseServer('10.0.0.1', 'tcp').port, 5060);
  });

  it('rejects a malformed server setting with an actionable error', () => {
    for (const bad of ['pool0:99999', 'a b', ':5061', '']) {
      assert.throws(() => parseServer(bad, 'tls'), (e: unknown) => LyncError.is(e, 'InvalidSettings'), bad);
    }
  });

  it('follows the Lync 2013 order for TLS: the two TLS SRV names, then sipinternal:5061, sipexternal:443, sip:443, sip:5061, the domain', () => {
    const steps = discoverySteps('contoso.com', 'tls');
    assert.deepEqual(steps.map((s) => (s.kind === 'srv' ? `SRV ${s.name}` : `${s.host}:${s.port}`)), [
      'SRV _sipinternaltls._tcp.contoso.com', 'SRV _sip._tls.contoso.com',
      'sipinternal.contoso.com:5061', 'sipexternal.contoso.com:443', 'sip.contoso.com:443', 'sip.contoso.com:5061', 'contoso.com:5061',
    ]);
  });

  it('asks the TCP SRV names for TCP and tries the fallbacks on port 5060', () => {
    const steps = discoverySteps('contoso.com', 'tcp');
    assert.deepEqual(steps.map((s) => (s.kind === 'srv' ? `SRV ${s.name}` : `${s.host}:${s.port}`)), [
      'SRV _sipinternal._tcp.contoso.com', 'SRV _sip._tcp.contoso.com', 'sipinternal.contoso.com:5060', 'sip.contoso.com:5060', 'contoso.com:5060',
    ]);
    assert.deepEqual(hostPorts(orderTargets(steps, new Map(), 'tcp')), ['sipinternal.contoso.com:5060', 'sip.contoso.com:5060', 'contoso.com:5060']);
  });

  it('puts SRV targets first, each name by priority then weight, and tries each host:port once', () => {
    const answers = new Map<string, SrvAnswer[]>([
      ['_sipinternaltls._tcp.contoso.com', [
        { name: 'pool1.contoso.com.', port: 5061, priority: 10, weight: 0 },
        { name: 'pool0.contoso.com', port: 5061, priority: 0, weight: 0 },
      ]],
      ['_sip._tls.contoso.com', [{ name: 'sip.contoso.com', port: 443, priority: 0, weight: 0 }]],
    ]);
    assert.deepEqual(hostPorts(orderTargets(discoverySteps('contoso.com', 'tls'), answers, 'tls')), [
      'pool0.contoso.com:5061', 'pool1.contoso.com:5061', 'sip.contoso.com:443',
      'sipinternal.contoso.com:5061', 'sipexternal.contoso.com:443', 'sip.contoso.com:5061', 'contoso.com:5061',
    ]);
  });

  it('drops SRV answers that are not plain host names or ports', () => {
    const answers = new Map<string, SrvAnswer[]>([['_sip._tls.contoso.com', [
      { name: 'evil\u001b[31m.contoso.com', port: 443, priority: 0, weight: 0 },
      { name: 'pool0.contoso.com', port: 0, priority: 0, weight: 0 },
      { name: 'pool2.contoso.com', port: 443, priority: 1, weight: 0 },
    ]]]);
    assert.deepEqual(hostPorts(orderTargets([{ kind: 'srv', name: '_sip._tls.contoso.com' }], answers, 'tls')), ['pool2.contoso.com:443']);
  });

  it('refuses to start discovery once cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(discoverServers({ domain: 'contoso.com', transport: 'tls' }, { signal: abort.signal }), (e: unknown) => LyncError.is(e, 'Aborted'));
  });
});
