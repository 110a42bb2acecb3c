import assert from 'node:assert/strict';
import { parseAuthHeader } from '../src/sip/auth/sipae';
import { removeHeaders } from '../src/sip/message/rawMessage';
import { SimulatedLyncPool } from './pool';
import { epidOpaque } from './registrar';
import { ALICE, BOB, connect, eventually, signedIn } from './simTestUtil';
import { ntlmSignIn, SipeEndpoint } from './sipeMessages';

describe('simulated pool: NTLM registrar (raw sockets)', function () {
  for (const ntlmVersion of [3, 4] as const) {
    describe(`MS-SIPAE version ${ntlmVersion}`, () => {
      let pool: SimulatedLyncPool;
      before(async () => { pool = await SimulatedLyncPool.start({ ntlmVersion, registrationExpiresSec: 3600, keepAliveTimeoutSec: 240 }); });
      after(async () => { await pool?.stop(); });

      for (const transport of ['TCP', 'TLS'] as const) {
        it(`over ${transport}: 401 offers NTLM + Kerberos, the CHALLENGE comes in a second 401, the AUTHENTICATE gets a signed 200 with GRUU and Lync's headers`, async () => {
          const client = await connect(pool, transport);
          try {
            const ep = new SipeEndpoint(ALICE.uri, client);
            const result = await ntlmSignIn(ep, ALICE);
            const offers = result.offer.headerAll('WWW-Authenticate');
            assert.deepEqual(offers, [
              `NTLM realm="SIP Communications Service", targetname="pool0.contoso.com", version=${ntlmVersion}`,
              `Kerberos realm="SIP Communications Service", targetname="sip/pool0.contoso.com", version=${ntlmVersion}`,
            ]);
            const challenge = parseAuthHeader(result.challenge?.header('WWW-Authenticate') ?? '');
            assert.equal(challenge.scheme, 'NTLM');
            assert.match(challenge.params.opaque ?? '', /^[0-9A-F]{8}$/);
            assert.match(challenge.params['gssapi-data'] ?? '', /^TlRMTVNTUAACAAAA/, 'a base64 NTLM CHALLENGE');
            assert.equal(challenge.params.targetname, 'pool0.contoso.com');
            assert.equal(challenge.params.version, String(ntlmVersion));

            const ok = result.response;
            assert.equal(ok.status, 200);
            assert.equal(result.okSignature, 'valid', 'the 200 OK carries a valid rspauth');
            assert.match(ok.header('Authentication-Info') ?? '', /^NTLM rspauth="[0-9A-F]{32}", srand="[0-9A-F]{8}", snum="1", opaque="[0-9A-F]{8}", qop="auth", targetname="pool0.contoso.com", realm="SIP Communications Service"$/);
            assert.match(ep.gruu ?? '', /^sip:alice@contoso\.com;opaque=user:epid:[A-Za-z0-9_-]{24};gruu$/);
            assert.equal(ep.gruu, `sip:alice@contoso.com;opaque=user:epid:${epidOpaque(ep.instance)};gruu`);
            assert.equal(ok.header('Expires'), '3600');
            assert.equal(ok.header('ms-keep-alive'), 'UAS; tcp=no; hop-hop=yes; end-end=no; timeout=240');
            assert.equal(ok.header('Allow-Events'), 'vnd-microsoft-provisioning,vnd-microsoft-roaming-contacts,vnd-microsoft-roaming-ACL,presence,presence.wpending,vnd-microsoft-roaming-self,vnd-microsoft-provisioning-v2');
            assert.deepEqual(ok.headerAll('Supported'), ['adhoclist', 'msrtc-event-categories']);
            assert.equal(ok.header('Server'), 'RTC/5.0');
            assert.equal(ok.header('ms-user-logon-data'), undefined, 'signed in from inside by default');
            assert.match(ok.header('To') ?? '', /;tag=[0-9A-F]{32}$/);
            assert.deepEqual(pool.registrations().map((r) => [r.userUri, r.gruu]), [[ALICE.uri, ep.gruu]]);
          } finally {
            await client.close();
          }
        });
      }

      it('signs every message it sends after the security association, and verifies every request', async () => {
        const ep = await signedIn(pool);
        try {
          const client = ep.client;
          const start = client.received.length;
          await client.request(ep.request('OPTIONS', 'sip:contoso.com'));
          await client.request(ep.provisioningSubscribe());
          await client.request(ep.request('SERVICE', ep.aor, { contentType: 'application/msrtc-category-publish+xml', body: '<publish/>' }));
          const after = client.received.slice(start);
          assert.equal(after.length, 3);
          assert.deepEqual(after.map((r) => r.verdict), ['valid', 'valid', 'valid'], 'every message from the pool verifies');
          const snums = client.received.slice(start - 1).map((r) => Number(parseAuthHeader(r.message.header('Authentication-Info') ?? '').params.snum));
          assert.deepEqual(snums, [...snums].sort((a, b) => a - b), 'snum increases');
        } finally {
          await ep.client.close();
        }
      });

      it('answers an unsigned request with 401 and a fresh NTLM offer, and keeps the connection', async () => {
        const ep = await signedIn(pool);
        try {
          const text = ep.request('OPTIONS', 'sip:contoso.com');
          ep.client.sa = undefined; // send it unsigned
          const response = await ep.client.request(text);
          assert.equal(response.status, 401);
          assert.match(response.header('WWW-Authenticate') ?? '', /^NTLM realm="SIP Communications Service", targetname="pool0.contoso.com"/);
          assert.equal(ep.client.open, true);
        } finally {
          await ep.client.close();
        }
      });

      it('closes the connection on a request whose signature does not verify', async () => {
        const ep = await signedIn(pool);
        const signed = ep.client.sa?.sign(ep.request('OPTIONS', 'sip:contoso.com')) ?? '';
        const tampered = signed.replace(/response="([0-9A-F])/, (_m, c: string) => `response="${c === '0' ? '1' : '0'}`);
        assert.notEqual(tampered, signed);
        ep.client.sa = undefined;
        ep.client.sendRaw(tampered);
        assert.equal(await ep.client.waitClosed(), true, 'the pool closed the connection');
        assert.equal(ep.client.received.filter((r) => r.message.header('CSeq') === '1 OPTIONS').length, 0, 'no response to the tampered request');
      });

      it('signInFromOutside(true): the REGISTER 200 OK says ms-user-logon-data: RemoteUser (an Access Edge sign-in)', async () => {
        const client = await connect(pool, 'TCP');
        try {
          pool.signInFromOutside(true);
          const result = await ntlmSignIn(new SipeEndpoint(ALICE.uri, client), ALICE);
          assert.equal(result.response.status, 200);
          assert.equal(result.response.header('ms-user-logon-data'), 'RemoteUser');
        } finally {
          pool.signInFromOutside(false);
          await client.close();
        }
      });

      it('answers a wrong password with 401 (no CHALLENGE) after the AUTHENTICATE', async () => {
        const client = await connect(pool, 'TCP');
        try {
          const result = await ntlmSignIn(new SipeEndpoint(ALICE.uri, client), { login: ALICE.login, password: 'wrong' });
          assert.equal(result.response.status, 401);
          assert.ok(result.response.headerAll('WWW-Authenticate').every((h) => !/gssapi-data/.test(h)), 'a fresh offer, not a challenge');
          assert.equal(pool.messageLog.some((e) => /wrong|secret/.test(e.text)), false, 'no password in the log');
        } finally {
          await client.close();
        }
      });
    });
  }

  describe('registration lifetime', () => {
    let pool: SimulatedLyncPool;
    before(async () => { pool = await SimulatedLyncPool.start({ registrationExpiresSec: 1 }); });
    after(async () => { await pool?.stop(); });

    it('refreshes on a signed re-REGISTER and forgets the binding on Expires: 0', async () => {
      const ep = await signedIn(pool);
      try {
        const refresh = await ep.client.request(ep.register());
        assert.equal(refresh.status, 200);
        assert.equal(ep.client.received.at(-1)?.verdict, 'valid');
        assert.equal(pool.registrations().length, 1);
        const gone = await ep.client.request(ep.register({ expires: 0 }));
        assert.equal(gone.status, 200);
        assert.equal(gone.header('Expires'), '0');
        assert.equal(pool.registrations().length, 0);
        const after = await ep.client.request(ep.request('SUBSCRIBE', ep.aor, { headers: ['Event: vnd-microsoft-roaming-self'] }));
        assert.equal(after.status, 403, 'a de-registered endpoint is refused');
      } finally {
        await ep.client.close();
      }
    });

    it('lets a registration expire when it is not refreshed', async () => {
      const ep = await signedIn(pool);
      try {
        assert.equal(pool.registrations().length, 1);
        await eventually(() => pool.registrations().length === 0, 'the registration to expire');
        const response = await ep.client.request(ep.request('OPTIONS', 'sip:contoso.com'));
        assert.equal(response.status, 403);
      } finally {
        await ep.client.close();
      }
    });
  });

  describe('strictness', () => {
    let pool: SimulatedLyncPool;
    before(async () => { pool = await SimulatedLyncPool.start(); });
    after(async () => { await pool?.stop(); });

    it('answers a request on an unauthenticated connection with 401 offering NTLM', async () => {
      const client = await connect(pool, 'TCP');
      try {
        const ep = new SipeEndpoint(ALICE.uri, client);
        const response = await client.request(ep.provisioningSubscribe());
        assert.equal(response.status, 401);
        assert.match(response.header('WWW-Authenticate') ?? '', /^NTLM /);
      } finally {
        await client.close();
      }
    });

    it('refuses (403) a REGISTER for another user\'s address', async () => {
      const client = await connect(pool, 'TCP');
      try {
        const ep = new SipeEndpoint(ALICE.uri, client);
        const original = ep.register.bind(ep);
        ep.register = (options = {}) => original({ ...options, to: BOB.uri });
        const result = await ntlmSignIn(ep, ALICE);
        assert.equal(result.response.status, 403);
        assert.match(result.response.header('ms-diagnostics') ?? '', /source="pool0\.contoso\.com"/);
      } finally {
        await client.close();
      }
    });

    it('version 4: refuses (401) an AUTHENTICATE REGISTER that is not itself signed', async () => {
      const client = await connect(pool, 'TCP');
      try {
        const result = await ntlmSignIn(new SipeEndpoint(ALICE.uri, client), ALICE, { unsignedAuthenticate: true });
        assert.equal(result.response.status, 401);
        assert.equal(pool.registrations().length, 0);
      } finally {
        await client.close();
      }
    });

    it('answers a CRLFCRLF keep-alive with a CRLF pong', async () => {
      const ep = await signedIn(pool);
      try {
        ep.client.sendRaw('\r\n\r\n');
        await ep.client.waitPong(1);
        ep.client.sendRaw('\r\n\r\n');
        await ep.client.waitPong(2);
        const response = await ep.client.request(ep.request('OPTIONS', 'sip:contoso.com'));
        assert.equal(response.status, 200, 'the connection still works after keep-alives');
      } finally {
        await ep.client.close();
      }
    });

    it('a REGISTER without a signature after sign-in starts a new handshake (401 offer, association dropped)', async () => {
      const ep = await signedIn(pool);
      try {
        const sa = ep.client.sa;
        ep.client.sa = undefined;
        const response = await ep.client.request(removeHeaders(ep.register(), 'Authorization'));
        assert.equal(response.status, 401);
        assert.equal(response.header('Authentication-Info'), undefined, 'unsigned: the old association is gone');
        ep.client.sa = sa;
        const next = await ep.client.request(ep.request('OPTIONS', 'sip:contoso.com'));
        assert.equal(next.status, 401, 'old signatures are no longer accepted');
      } finally {
        await ep.client.close();
      }
    });

    it('derives the GRUU opaque like Lync (Windows GUID bytes, base64url)', () => {
      assert.equal(epidOpaque('34d859db-6585-5f91-a3b4-de853c15347d'), '21nYNIVlkV-jtN6FPBU0fQAA');
    });
  });
});
