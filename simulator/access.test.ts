import assert from 'node:assert/strict';
import { createDigestAuthorization } from '../src/sip/auth/digest';
import type { RawSipMessage } from '../src/sip/message/rawMessage';
import { SimulatedLyncPool } from './pool';
import { RawSipClient } from './rawClient';
import { ALICE, clientTls, connect, pki, signedIn } from './simTestUtil';
import { ntlmSignIn, SipeEndpoint } from './sipeMessages';

describe('simulated pool: Director, trusted applications, Digest (raw sockets)', () => {
  describe('Director', () => {
    let pool: SimulatedLyncPool;
    before(async () => { pool = await SimulatedLyncPool.start({ director: true }); });
    after(async () => { await pool?.stop(); });

    for (const transport of ['TLS', 'TCP'] as const) {
      it(`over ${transport}: authenticates, then answers REGISTER with a signed 301 to the home pool on the same transport`, async () => {
        const port = transport === 'TLS' ? pool.addresses.directorTls?.port : pool.addresses.directorTcp?.port;
        assert.ok(port);
        const client = await RawSipClient.connect(port, transport === 'TLS' ? { tls: clientTls({ servername: 'director.contoso.com' }) } : {});
        try {
          const ep = new SipeEndpoint(ALICE.uri, client);
          const result = await ntlmSignIn(ep, ALICE);
          assert.equal(result.response.status, 301);
          assert.equal(result.sa?.verify(result.response), 'valid', 'the 301 is signed');
          const home = transport === 'TLS' ? pool.addresses.tls.port : pool.addresses.tcp.port;
          assert.equal(result.response.header('Contact'), `<sip:pool0.contoso.com:${home};transport=${transport.toLowerCase()}>`);
          assert.equal(pool.registrations().length, 0, 'the Director registers nobody');
          client.sa = result.sa;
          const options = await client.request(ep.request('OPTIONS', 'sip:contoso.com'));
          assert.equal(options.status, 403, 'no service on the Director');
        } finally {
          await client.close();
        }
        const ep = await signedIn(pool, transport);
        await ep.client.close();
      });
    }
  });

  describe('trusted application over mutual TLS', () => {
    const gruu = 'sip:client.contoso.com@contoso.com;gruu;opaque=srvr:grsample:uCFg9SltSVSXRkVxjKxvJwAA';
    let pool: SimulatedLyncPool;
    before(async () => { pool = await SimulatedLyncPool.start({ trustedApplications: [{ fqdn: 'client.contoso.com', gruu }] }); });
    after(async () => { await pool?.stop(); });

    function appRegister(ep: SipeEndpoint, contact = gruu): string {
      return ep.request('REGISTER', 'sip:contoso.com', { headers: [`Contact: <${contact}>`, 'Event: registration'] });
    }

    for (const form of ['PEM', 'PFX'] as const) {
      it(`accepts the CA-issued client certificate (${form}): REGISTER with the app GRUU gets 200 without NTLM, nothing is signed`, async () => {
        const tlsOptions = form === 'PEM'
          ? { cert: pki('client.pem'), key: pki('client-key.pem') }
          : { pfx: pki('client.pfx'), passphrase: 'test-pfx-pass' };
        const client = await RawSipClient.connect(pool.addresses.tls.port, { tls: clientTls(tlsOptions) });
        try {
          const ep = new SipeEndpoint('sip:pchat-bot@contoso.com', client);
          const ok = await client.request(appRegister(ep));
          assert.equal(ok.status, 200);
          assert.equal(ok.header('Authentication-Info'), undefined);
          assert.match(ok.header('Contact') ?? '', new RegExp(`^<${gruu.replace(/[.;]/g, '\\$&')}>`));
          const options = await client.request(ep.request('OPTIONS', 'sip:contoso.com'));
          assert.equal(options.status, 200);
          assert.equal(options.header('Authentication-Info'), undefined);
        } finally {
          await client.close();
        }
      });
    }

    it('refuses a GRUU that is not the application\'s', async () => {
      const client = await RawSipClient.connect(pool.addresses.tls.port, { tls: clientTls({ cert: pki('client.pem'), key: pki('client-key.pem') }) });
      try {
        const ep = new SipeEndpoint('sip:pchat-bot@contoso.com', client);
        const response = await client.request(appRegister(ep, 'sip:other@contoso.com;gruu;opaque=srvr:x:y'));
        assert.equal(response.status, 403);
      } finally {
        await client.close();
      }
    });

    it('drops a connection whose client certificate was not issued by the test CA', async () => {
      const client = await RawSipClient.connect(pool.addresses.tls.port, { tls: clientTls({ cert: pki('untrusted.pem'), key: pki('untrusted-key.pem') }) });
      assert.equal(await client.waitClosed(), true);
      assert.equal(client.received.length, 0);
    });

    it('treats a CA-issued certificate of no configured application as a normal client (NTLM still required)', async () => {
      const client = await RawSipClient.connect(pool.addresses.tls.port, { tls: clientTls({ cert: pki('server.pem'), key: pki('server-key.pem') }) });
      try {
        const ep = new SipeEndpoint('sip:pchat-bot@contoso.com', client);
        assert.equal((await client.request(appRegister(ep))).status, 401);
      } finally {
        await client.close();
      }
    });

    it('still signs users in over TLS without a client certificate', async () => {
      const ep = await signedIn(pool, 'TLS');
      await ep.client.close();
    });
  });

  describe('Digest mode', () => {
    let pool: SimulatedLyncPool;
    before(async () => { pool = await SimulatedLyncPool.start({ auth: 'digest' }); });
    after(async () => { await pool?.stop(); });

    async function digestRegister(password: string): Promise<{ client: RawSipClient; status: number; ok: RawSipMessage }> {
      const client = await connect(pool, 'TCP');
      const ep = new SipeEndpoint(ALICE.uri, client);
      const challenge = await client.request(ep.register());
      assert.equal(challenge.status, 401);
      const offer = challenge.header('WWW-Authenticate') ?? '';
      assert.match(offer, /^Digest realm="contoso\.com", nonce="[0-9a-f]{32}", qop="auth", algorithm=MD5$/);
      const authorization = createDigestAuthorization(offer, { username: 'alice', password, method: 'REGISTER', uri: 'sip:contoso.com' });
      const ok = await client.request(ep.register({ authorization }));
      return { client, status: ok.status ?? 0, ok };
    }

    it('registers with a correct Digest response; nothing is signed', async () => {
      const { client, status, ok } = await digestRegister(ALICE.password);
      try {
        assert.equal(status, 200);
        assert.equal(ok.header('Authentication-Info'), undefined);
        const ep = new SipeEndpoint(ALICE.uri, client);
        assert.equal((await client.request(ep.request('OPTIONS', 'sip:contoso.com'))).status, 200);
      } finally {
        await client.close();
      }
    });

    it('answers a wrong password with a new 401 challenge', async () => {
      const { client, status, ok } = await digestRegister('wrong');
      try {
        assert.equal(status, 401);
        assert.match(ok.header('WWW-Authenticate') ?? '', /^Digest /);
      } finally {
        await client.close();
      }
    });
  });
});
