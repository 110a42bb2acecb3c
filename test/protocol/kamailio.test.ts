import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LyncError } from '../../src/common/errors';
import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { kamailioAvailable, KamailioRegistrar, startKamailio } from './helpers/kamailio';
import { trackResources } from './helpers/leaks';
import { repoRoot, requirePrerequisite } from './helpers/net';

describe('UserEndpoint against a real, unrelated SIP registrar (Kamailio, Digest)', function () {
  let kamailio: KamailioRegistrar;
  const caFile = join(repoRoot, 'simulator', 'pki', 'ca.pem');

  before(async function () {
    requirePrerequisite(this, kamailioAvailable(), 'kamailio');
    kamailio = await startKamailio({ password: 'k-secret' });
  });
  after(async () => { await kamailio?.stop(); });

  const endpoint = (transport: 'tcp' | 'tls', password: string) => new UserEndpoint({
    userUri: 'sip:alice@contoso.com',
    server: `localhost:${transport === 'tcp' ? kamailio.tcpPort : kamailio.tlsPort}`,
    transport,
    credential: { username: 'alice', password },
    tls: { caFile },
    connectTimeoutMs: 5000,
    requestTimeoutMs: 5000,
  });

  for (const transport of ['tcp', 'tls'] as const) {
    it(`registers with Digest over ${transport.toUpperCase()} and de-registers on terminate`, async () => {
      const resources = await trackResources();
      const ep = endpoint(transport, 'k-secret');
      const states: string[] = [];
      ep.onStateChanged((e) => states.push(e.state));
      await ep.establish();
      assert.equal(ep.state, 'Established');
      assert.ok(ep.registration && ep.registration.expiresSec > 0, 'the 200 OK gave an expiry');
      await ep.terminate();
      assert.deepEqual(states, ['Establishing', 'Established', 'Terminating', 'Terminated']);
      await resources.check();
    });
  }

  it('fails with AuthenticationFailed for a wrong password and ends Terminated', async () => {
    const resources = await trackResources();
    const ep = endpoint('tcp', 'wrong');
    let reason: LyncError | undefined;
    ep.onStateChanged((e) => { if (e.state === 'Terminated') reason = e.reason; });
    await assert.rejects(ep.establish(), (e: unknown) => LyncError.is(e, 'AuthenticationFailed') && e.sipStatus === 401 && !e.retriable);
    assert.equal(ep.state, 'Terminated');
    assert.equal(reason?.code, 'AuthenticationFailed');
    await resources.check();
  });
});
