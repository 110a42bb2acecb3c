import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { parseRawMessage } from '../../../src/sip/message/rawMessage';
import { createAuthenticateMessage, decodeChallengeMessage, NtlmSessionKeys } from '../../../src/sip/auth/ntlm';
import { acceptAuthenticateMessage, createChallengeMessage } from '../../../simulator/auth/ntlmServer';
import { formatKerberosOffer, formatNtlmChallenge, formatNtlmOffer } from '../../../simulator/auth/sipaeServer';
import {
  formatInitialAuthorization, parseAuthHeader,
  parseNtlmChallengeHeader, SecurityAssociation, signHandshakeRequest, SipaeParams,
} from '../../../src/sip/auth/sipae';

const PARAMS: SipaeParams = { scheme: 'NTLM', realm: 'SIP Communications Service', targetname: 'pool01.contoso.com', opaque: '2BDBAC9D', version: 4 };

function handshake(): { client: NtlmSessionKeys; server: NtlmSessionKeys; authenticate: Buffer } {
  const challenge = createChallengeMessage({ netbiosDomain: 'CONTOSO', netbiosComputer: 'POOL01', dnsDomain: 'contoso.com', dnsComputer: 'pool01.contoso.com' });
  const decoded = decodeChallengeMessage(challenge.raw);
  const { message, keys } = createAuthenticateMessage(decoded, { user: 'alice', domain: 'CONTOSO', password: 'pw', workstation: 'laptop' });
  const accepted = acceptAuthenticateMessage(challenge, message, (u, d) => (u === 'alice' && d === 'CONTOSO' ? 'pw' : undefined));
  return { client: keys, server: accepted.keys, authenticate: message };
}

function request(cseq: number, extra = ''): string {
  return `INFO sip:ocschat@contoso.com;gruu SIP/2.0\r\nVia: SIP/2.0/TLS 10.0.0.1:5061\r\nFrom: <sip:alice@contoso.com>;tag=1234;epid=abc\r\nTo: <sip:ocschat@contoso.com>;tag=5678\r\nCall-ID: call-1\r\nCSeq: ${cseq} INFO\r\n${extra}Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi`;
}

function response(cseq: number): string {
  return `SIP/2.0 200 OK\r\nFrom: <sip:alice@contoso.com>;tag=1234;epid=abc\r\nTo: <sip:ocschat@contoso.com>;tag=5678\r\nCall-ID: call-1\r\nCSeq: ${cseq} INFO\r\nContent-Length: 0\r\n\r\n`;
}

describe('SecurityAssociation round trip', () => {
  const keys = handshake();

  it('a full client/server NTLM handshake ends with the same session keys on both sides', () => {
    assert.deepEqual(keys.client, keys.server);
  });

  it('client-signed messages verify on the server SA, with cnum counting up from 1', () => {
    const client = new SecurityAssociation('client', keys.client, PARAMS);
    const server = new SecurityAssociation('server', keys.server, PARAMS);
    for (let i = 1; i <= 3; i++) {
      const signed = client.sign(request(i));
      const auth = parseAuthHeader(parseRawMessage(signed).header('Authorization') ?? '');
      assert.equal(auth.params.cnum, String(i));
      assert.match(auth.params.crand ?? '', /^[0-9a-f]{8}$/);
      assert.match(auth.params.response ?? '', /^[0-9A-F]{32}$/);
      assert.equal(server.verify(parseRawMessage(signed)), 'valid');
    }
  });

  it('server-signed messages verify on the client SA, with snum counting up from 1', () => {
    const client = new SecurityAssociation('client', keys.client, PARAMS);
    const server = new SecurityAssociation('server', keys.server, PARAMS);
    for (let i = 1; i <= 3; i++) {
      const signed = server.sign(response(i));
      assert.equal(parseAuthHeader(parseRawMessage(signed).header('Authentication-Info') ?? '').params.snum, String(i));
      assert.equal(client.verify(parseRawMessage(signed)), 'valid');
    }
  });

  it('writes the header layouts and parameter order sipe and Lync use', () => {
    const client = new SecurityAssociation('client', keys.client, PARAMS);
    const server = new SecurityAssociation('server', keys.server, PARAMS);
    assert.match(parseRawMessage(client.sign(request(1))).header('Authorization') ?? '',
      /^NTLM qop="auth", opaque="2BDBAC9D", realm="SIP Communications Service", targetname="pool01\.contoso\.com", crand="[0-9a-f]{8}", cnum="1", response="[0-9A-F]{32}"$/);
    assert.match(parseRawMessage(server.sign(response(1))).header('Authentication-Info') ?? '',
      /^NTLM rspauth="[0-9A-F]{32}", srand="[0-9A-F]{8}", snum="1", opaque="2BDBAC9D", qop="auth", targetname="pool01\.contoso\.com", realm="SIP Communications Service"$/);
  });

  it('replaces an existing Authorization instead of adding a second one, and keeps the body', () => {
    const client = new SecurityAssociation('client', keys.client, PARAMS);
    const signed = client.sign(client.sign(request(1)));
    const msg = parseRawMessage(signed);
    assert.equal(msg.headerAll('Authorization').length, 1);
    assert.equal(msg.body.toString(), 'hi');
    assert.equal(msg.header('Content-Length'), '2');
  });

  it("finds tampered Call-ID, CSeq or From tag 'invalid'", () => {
    const client = new SecurityAssociation('client', keys.client, PARAMS);
    const server = new SecurityAssociation('server', keys.server, PARAMS);
    const signed = client.sign(request(5));
    for (const [from, to] of [['Call-ID: call-1', 'Call-ID: call-2'], ['CSeq: 5 INFO', 'CSeq: 6 INFO'], ['tag=1234', 'tag=1235']] as const) {
      assert.equal(server.verify(parseRawMessage(signed.replace(from, to))), 'invalid', to);
    }
    assert.equal(server.verify(parseRawMessage(signed)), 'valid');
  });

  it("does not accept a message signed with the other direction's keys or another session's keys", () => {
    const server = new SecurityAssociation('server', keys.server, PARAMS);
    // sign with the server-to-client keys, then present the same values as a client Authorization
    const info = parseAuthHeader(parseRawMessage(server.sign(request(1))).header('Authentication-Info') ?? '').params;
    const forged = request(1, `Authorization: NTLM qop="auth", opaque="2BDBAC9D", realm="${PARAMS.realm}", targetname="${PARAMS.targetname}", crand="${info.srand}", cnum="${info.snum}", response="${info.rspauth}"\r\n`);
    assert.equal(server.verify(parseRawMessage(forged)), 'invalid');
    const client = new SecurityAssociation('client', keys.client, PARAMS);
    const otherServer = new SecurityAssociation('server', handshake().server, PARAMS);
    const signed = client.sign(request(1));
    assert.equal(otherServer.verify(parseRawMessage(signed)), 'invalid');
    assert.equal(server.verify(parseRawMessage(signed)), 'valid');
  });

  it("reports 'unsigned' when the header or its response parameter is absent", () => {
    const server = new SecurityAssociation('server', keys.server, PARAMS);
    assert.equal(server.verify(parseRawMessage(request(1))), 'unsigned');
    assert.equal(server.verify(parseRawMessage(request(1, `Authorization: ${formatInitialAuthorization(PARAMS)}\r\n`))), 'unsigned');
  });
});

describe('version 4 handshake REGISTER', () => {
  const keys = handshake();
  const register = 'REGISTER sip:contoso.com SIP/2.0\r\nFrom: <sip:alice@contoso.com>;tag=77;epid=abc\r\nTo: <sip:alice@contoso.com>\r\nCall-ID: reg-1\r\nCSeq: 3 REGISTER\r\nAuthorization: NTLM qop="auth", realm="x", targetname="y", gssapi-data="", version=4\r\nContent-Length: 0\r\n\r\n';

  it('signHandshakeRequest replaces the Authorization with the signed AUTHENTICATE (cnum 1) that the server verifies', () => {
    const client = new SecurityAssociation('client', keys.client, PARAMS);
    const signed = signHandshakeRequest(register, { ...PARAMS, opaque: '2BDBAC9D' }, keys.authenticate, client);
    const msg = parseRawMessage(signed);
    assert.equal(msg.headerAll('Authorization').length, 1);
    assert.match(msg.header('Authorization') ?? '',
      /^NTLM qop="auth", opaque="2BDBAC9D", realm="SIP Communications Service", targetname="pool01\.contoso\.com", gssapi-data="TlRMTVNTUAADAAAA[^"]+", version=4, crand="[0-9a-f]{8}", cnum="1", response="[0-9A-F]{32}"$/);
    assert.equal(new SecurityAssociation('server', keys.server, PARAMS).verify(msg), 'valid');
    assert.equal(client.signedCount, 1);
  });

  it('leaves crand/cnum/response out for version 3', () => {
    const client = new SecurityAssociation('client', keys.client, { ...PARAMS, version: 3 });
    const signed = signHandshakeRequest(register, { ...PARAMS, version: 3, opaque: '2BDBAC9D' }, keys.authenticate, client);
    assert.doesNotMatch(parseRawMessage(signed).header('Authorization') ?? '', /crand|cnum|response/);
    assert.equal(client.signedCount, 0);
  });
});

describe('server-side 401 header values', () => {
  it('formats the NTLM and Kerberos offers and the NTLM challenge, which the client side parses back', () => {
    assert.equal(formatNtlmOffer({ realm: 'SIP Communications Service', targetname: 'pool01.contoso.com', version: 4 }),
      'NTLM realm="SIP Communications Service", targetname="pool01.contoso.com", version=4');
    assert.equal(formatKerberosOffer({ realm: 'SIP Communications Service', fqdn: 'pool01.contoso.com', version: 4 }),
      'Kerberos realm="SIP Communications Service", targetname="sip/pool01.contoso.com", version=4');
    const challenge = createChallengeMessage({ netbiosDomain: 'CONTOSO', netbiosComputer: 'POOL01', dnsDomain: 'contoso.com', dnsComputer: 'pool01.contoso.com' });
    const value = formatNtlmChallenge({ opaque: '2BDBAC9D', challenge: challenge.raw, realm: 'SIP Communications Service', targetname: 'pool01.contoso.com', version: 4 });
    assert.match(value, /^NTLM opaque="2BDBAC9D", gssapi-data="TlRMTVNTUAACAAAA[^"]+", targetname="pool01\.contoso\.com", realm="SIP Communications Service", version=4$/);
    const parsed = parseNtlmChallengeHeader(value);
    assert.deepEqual(parsed?.params, PARAMS);
    assert.deepEqual(parsed?.gssapiData, challenge.raw);
  });

  it('parseNtlmChallengeHeader ignores other schemes', () => {
    assert.equal(parseNtlmChallengeHeader('Kerberos realm="x", targetname="sip/y"'), undefined);
  });
});

describe('NTLM message checks', () => {
  const good = createChallengeMessage({ netbiosDomain: 'D', netbiosComputer: 'C', dnsDomain: 'd', dnsComputer: 'c' });

  it('decodeChallengeMessage throws ProtocolError for short, foreign, wrong-type or out-of-range messages', () => {
    const isProtocol = (e: unknown) => LyncError.is(e, 'ProtocolError');
    assert.throws(() => decodeChallengeMessage(good.raw.subarray(0, 30)), isProtocol);
    const foreign = Buffer.from(good.raw);
    foreign.write('XXXXSSP\0', 0, 'latin1');
    assert.throws(() => decodeChallengeMessage(foreign), isProtocol);
    const type3 = Buffer.from(good.raw);
    type3.writeUInt32LE(3, 8);
    assert.throws(() => decodeChallengeMessage(type3), isProtocol);
    const outside = Buffer.from(good.raw);
    outside.writeUInt32LE(5000, 44);
    assert.throws(() => decodeChallengeMessage(outside), isProtocol);
  });

  it('decodeChallengeMessage throws AuthenticationFailed for a challenge without DATAGRAM (connection-oriented only)', () => {
    const noDatagram = createChallengeMessage({ netbiosDomain: 'D', netbiosComputer: 'C', dnsDomain: 'd', dnsComputer: 'c', flags: 0xe2998215 });
    assert.throws(() => decodeChallengeMessage(noDatagram.raw), (e: unknown) => LyncError.is(e, 'AuthenticationFailed') && /DATAGRAM/.test((e as Error).message));
  });

  it('acceptAuthenticateMessage refuses an AUTHENTICATE made for another server challenge', () => {
    const other = createChallengeMessage({ netbiosDomain: 'D', netbiosComputer: 'C', dnsDomain: 'd', dnsComputer: 'c' });
    const { message } = createAuthenticateMessage(decodeChallengeMessage(other.raw), { user: 'u', domain: 'D', password: 'p', workstation: 'w' });
    assert.throws(() => acceptAuthenticateMessage(good, message, () => 'p'), (e: unknown) => LyncError.is(e, 'AuthenticationFailed'));
    assert.doesNotThrow(() => acceptAuthenticateMessage(other, message, () => 'p'));
  });
});
