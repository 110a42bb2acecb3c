/** The real pidgin-sipe 1.25.0 sign-in (test/fixtures/captures): CONTOSO\alice / secret, MS-SIPAE version 3. */
import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { parseRawMessage } from '../../../src/sip/message/rawMessage';
import { decodeChallengeMessage } from '../../../src/sip/auth/ntlm';
import { acceptAuthenticateMessage, createChallengeMessage } from '../../../simulator/auth/ntlmServer';
import {
  formatAuthenticateAuthorization, formatInitialAuthorization, parseAuthHeader, parseNtlmChallengeHeader, SecurityAssociation,
} from '../../../src/sip/auth/sipae';
import { instanceIdFromEpid } from '../../../src/sip/auth/instanceId';
import { captured } from './captureFixture';

const parse = (n: number) => parseRawMessage(captured(n).text);
const passwords = (user: string, domain: string) => (user === 'alice' && domain === 'CONTOSO' ? 'secret' : undefined);

describe('captured pidgin-sipe NTLM sign-in', () => {
  const offer = parseNtlmChallengeHeader(parse(4).header('WWW-Authenticate') ?? '');
  assert.ok(offer?.gssapiData);
  const challenge = decodeChallengeMessage(offer.gssapiData);
  const authenticate = Buffer.from(parseAuthHeader(parse(5).header('Authorization') ?? '').params['gssapi-data'] ?? '', 'base64');
  const accepted = acceptAuthenticateMessage(challenge, authenticate, passwords);
  const server = new SecurityAssociation('server', accepted.keys, offer.params);
  const client = new SecurityAssociation('client', accepted.keys, offer.params);

  it('fixture messages have the byte counts the capture recorded', () => {
    for (const n of [1, 4, 5, 6, 7, 9, 15, 19, 21, 22]) assert.equal(Buffer.byteLength(captured(n).text, 'utf8'), captured(n).bytes, `#${n}`);
  });

  it('reads the 401 challenge parameters (#4)', () => {
    assert.deepEqual(offer.params, { scheme: 'NTLM', realm: 'SIP Communications Service', targetname: 'sip.contoso.com', opaque: '40CA2F73', version: 3 });
    assert.equal(challenge.flags, 0xe2998255);
    assert.equal(challenge.targetName, 'CONTOSO');
    assert.equal(challenge.timestamp?.toString('hex'), '70a074318e7cdd01');
  });

  it('accepts the client AUTHENTICATE (#5) with password "secret"', () => {
    assert.deepEqual({ user: accepted.user, domain: accepted.domain, workstation: accepted.workstation }, { user: 'alice', domain: 'CONTOSO', workstation: 'VM' });
    assert.equal(accepted.keys.flags, 0x62988255);
  });

  it('refuses the AUTHENTICATE with a wrong password and for an unknown user', () => {
    assert.throws(() => acceptAuthenticateMessage(challenge, authenticate, () => 'Secret'), (e: unknown) => LyncError.is(e, 'AuthenticationFailed'));
    assert.throws(() => acceptAuthenticateMessage(challenge, authenticate, () => undefined), (e: unknown) => LyncError.is(e, 'AuthenticationFailed'));
  });

  it("verifies the client's signatures on #7 SUBSCRIBE (cnum=1), #9, #15 INVITE, #21 ACK and #22 INFO", () => {
    assert.match(parse(7).header('Authorization') ?? '', /cnum="1"/);
    for (const n of [7, 9, 11, 13, 15, 17, 19, 21, 22]) assert.equal(server.verify(parse(n)), 'valid', `#${n}`);
  });

  it('finds tampered copies invalid (Call-ID, CSeq, From tag, To tag, Expires, method)', () => {
    const cases: Array<[number, string, string]> = [
      [7, 'Call-ID: F3E2gF749aF3DCiE5D6m56FCtC047bD45Fx044Bx', 'Call-ID: F3E2gF749aF3DCiE5D6m56FCtC047bD45Fx044By'],
      [15, 'CSeq: 1 INVITE', 'CSeq: 2 INVITE'],
      [21, 'tag=3902759332', 'tag=3902759333'],
      [22, 'tag=C37AFA0B5D7D4228', 'tag=C37AFA0B5D7D4229'],
      [9, 'Expires: 0', 'Expires: 3600'],
      [22, 'INFO sip:ocschat', 'BYE sip:ocschat'],
    ];
    for (const [n, from, to] of cases) {
      const text = captured(n).text;
      assert.ok(text.includes(from), `#${n} contains ${from}`);
      assert.equal(server.verify(parseRawMessage(text.replace(from, to))), 'invalid', `#${n}: ${to}`);
    }
  });

  it("verifies the test responder's rspauth on #6, #8 and #10 (and every other server message)", () => {
    for (const n of [6, 8, 10, 12, 14, 16, 18, 20, 23]) assert.equal(client.verify(parse(n)), 'valid', `#${n}`);
    assert.equal(client.verify(parseRawMessage(captured(6).text.replace('Expires: 7200', 'Expires: 7201'))), 'invalid');
  });

  it("reports 'unsigned' for the unsigned handshake messages", () => {
    assert.equal(server.verify(parse(1)), 'unsigned');
    assert.equal(server.verify(parse(3)), 'unsigned');
    assert.equal(client.verify(parse(2)), 'unsigned');
  });

  it('formats the handshake Authorization values exactly as sipe sent them (#3 and #5)', () => {
    assert.equal(formatInitialAuthorization({ scheme: 'NTLM', realm: 'SIP Communications Service', targetname: 'sip.contoso.com', version: 3 }), parse(3).header('Authorization'));
    assert.equal(formatAuthenticateAuthorization({ ...offer.params, opaque: '40CA2F73' }, authenticate), parse(5).header('Authorization'));
  });

  it('createChallengeMessage rebuilds the responder CHALLENGE byte for byte from its parts', () => {
    const rebuilt = createChallengeMessage({
      netbiosDomain: 'CONTOSO', netbiosComputer: 'SIP', dnsDomain: 'contoso.com', dnsComputer: 'sip.contoso.com',
      serverChallenge: challenge.serverChallenge, timestamp: challenge.timestamp,
    });
    assert.equal(rebuilt.raw.toString('hex'), challenge.raw.toString('hex'));
  });

  it('the +sip.instance in the Contact is the MS-SIPRE UUID of the From epid', () => {
    const msg = parse(1);
    assert.match(msg.header('Contact') ?? '', new RegExp(`urn:uuid:${instanceIdFromEpid('c97532c1946f')}`));
  });
});
