import assert from 'node:assert/strict';
import { LyncError } from '../../src/common/errors';
import { StateChanged } from '../../src/endpoint/state';
import { SimulatedLyncPool } from '../../simulator/pool';
import { captureLogger } from './helpers/capture';
import { trackResources } from './helpers/leaks';
import { waitFor } from './helpers/net';
import { aliceEndpoint, applicationEndpoint, startPool } from './helpers/pool';

describe('UserEndpoint signs in to the simulated Lync pool', function () {
  for (const ntlmVersion of [3, 4] as const) {
    describe(`NTLM version ${ntlmVersion}`, () => {
      let pool: SimulatedLyncPool;
      before(async () => { pool = await startPool({ ntlmVersion }); });
      after(async () => { await pool?.stop(); });

      for (const transport of ['tls', 'tcp'] as const) {
        it(`over ${transport.toUpperCase()}: Establishing → Established with a GRUU, then de-registers on terminate`, async () => {
          const resources = await trackResources();
          const ep = aliceEndpoint(pool, transport);
          const events: StateChanged[] = [];
          ep.onStateChanged((e) => events.push(e));
          await ep.establish();
          assert.equal(ep.state, 'Established');
          assert.match(ep.registration?.gruu ?? '', /^sip:alice@contoso\.com;opaque=user:epid:[^;]+;gruu$/);
          assert.equal(ep.registration?.supportsEventCategories, true);
          assert.equal(ep.sipStack.contact, `<${ep.registration?.gruu}>`, 'later requests use the GRUU as Contact');
          await ep.terminate();
          assert.deepEqual(events.map((e) => e.state), ['Establishing', 'Established', 'Terminating', 'Terminated']);
          assert.ok(pool.messageLog.some((m) => m.direction === 'in' && /^REGISTER /.test(m.text) && /^Expires: 0\r?$/m.test(m.text)), 'a REGISTER with Expires: 0 reached the pool');
          await resources.check();
        });
      }
    });
  }

  describe('registration upkeep', () => {
    let pool: SimulatedLyncPool;
    before(async () => { pool = await startPool({ registrationExpiresSec: 3, keepAliveTimeoutSec: 1 }); });
    after(async () => { await pool?.stop(); });

    it('re-registers (signed) before the registration expires and sends CRLF keep-alives at the server\'s ms-keep-alive timeout', async () => {
      const resources = await trackResources();
      const capture = captureLogger();
      const ep = aliceEndpoint(pool, 'tcp', {}, capture.logger);
      await ep.establish();
      await waitFor(() => capture.has(/registration refreshed/), 8000, 'a registration refresh');
      await waitFor(() => capture.has(/keep-alive CRLFCRLF/), 5000, 'a keep-alive');
      assert.equal(ep.state, 'Established');
      const registers = pool.messageLog.filter((m) => m.direction === 'in' && /^REGISTER /.test(m.text));
      assert.ok(registers.length >= 4, 'three handshake REGISTERs and at least one refresh');
      assert.match(registers.at(-1)!.text, /^Authorization: /im, 'the refresh carries the MS-SIPAE signature');
      const finals = pool.messageLog.filter((m) => m.direction === 'out' && /^SIP\/2\.0 [2-6]\d\d /.test(m.text) && /^CSeq: \d+ REGISTER/im.test(m.text));
      assert.deepEqual(finals.slice(2).map((m) => m.text.slice(8, 11)), finals.slice(2).map(() => '200'), 'the strict pool accepted every refresh (it answers unsigned requests 401)');
      await ep.terminate();
      assert.ok(!capture.lines.some((l) => /secret|gssapi-data="Tl/.test(l)), 'no password or NTLM blob in the log');
      await resources.check();
    });
  });

  describe('director', () => {
    let pool: SimulatedLyncPool;
    // The pool's name is localhost here (on its certificate): the 301 names a host this machine resolves.
    before(async () => { pool = await startPool({ director: true, fqdn: 'localhost' }); });
    after(async () => { await pool?.stop(); });

    it('follows a 301 from the Director to the home pool with a new connection and handshake', async () => {
      const ep = aliceEndpoint(pool, 'tls', { server: `localhost:${pool.addresses.directorTls!.port}` });
      await ep.establish();
      assert.equal(ep.sipStack.target.port, pool.addresses.tls.port);
      await ep.terminate();
    });
  });

  describe('ApplicationEndpoint over mutual TLS', () => {
    const gruu = 'sip:client.contoso.com@contoso.com;gruu;opaque=srvr:grsample:uCFg9SltSVSXRkVxjKxvJwAA';
    let pool: SimulatedLyncPool;
    before(async () => { pool = await startPool({ trustedApplications: [{ fqdn: 'client.contoso.com', gruu }] }); });
    after(async () => { await pool?.stop(); });

    it('connects with the CA-issued client certificate and registers its GRUU without NTLM', async () => {
      const resources = await trackResources();
      const ep = applicationEndpoint(pool, 'trusted', gruu);
      await ep.establish();
      assert.equal(ep.state, 'Established');
      assert.equal(ep.sipStack.securityAssociation, undefined, 'no MS-SIPAE association for a trusted application');
      await ep.terminate();
      await resources.check();
    });

    it('is refused with a certificate the pool does not trust', async () => {
      const ep = applicationEndpoint(pool, 'foreign', gruu);
      await assert.rejects(ep.establish(), (e: unknown) => e instanceof LyncError && ['ConnectionFailed', 'ConnectionLost', 'Rejected'].includes(e.code));
      assert.equal(ep.state, 'Terminated');
    });
  });
});
