/** docs/protocol/test-vectors.md#sip-signing: SIP signing vectors from real OCS 2007 and OC 2007 R2 ↔ OCS 2007 R2 traffic. */
import assert from 'node:assert/strict';
import { parseRawMessage } from '../../../src/sip/message/rawMessage';
import {
  CLIENT_NTLM_VERSION, computeAuthenticateMessage, decodeChallengeMessage, deriveSessionKeys, ntlmSignature, ntlmVersion, NtlmFlag,
} from '../../../src/sip/auth/ntlm';
import { acceptAuthenticateMessage } from '../../../simulator/auth/ntlmServer';
import { computeNtlmV2Response, hmacMd5, ntowfv2 } from '../../../src/sip/auth/ntlmCrypto';
import { rc4 } from '../../../src/sip/auth/rc4';
import { SecurityAssociation, signatureBuffer } from '../../../src/sip/auth/sipae';

const hex = (b: Buffer) => b.toString('hex').toUpperCase();
const bytes = (h: string) => Buffer.from(h, 'hex');
const REALM = 'SIP Communications Service';
/** sipe's NEGOTIATE_FLAGS_CONNLESS. */
const CONNLESS = 0xe2988255;

describe('(a) OCS 2007 without extended session security (buffer version < 3)', () => {
  const exported = bytes('5F029153BC025058969548615E7099BA');
  const flags = (CONNLESS & ~NtlmFlag.EXTENDED_SESSIONSECURITY) >>> 0;
  const buffer = '<NTLM><0878F41B><1><SIP Communications Service><ocs1.ocs.provo.novell.com><8592g5DCBa1694i5887m0D0Bt2247b3F38xAE9Fx><3><REGISTER><sip:gabriel@ocs.provo.novell.com><2947328781><B816D65C2300A32CFA6D371F2AF537FD><900><200>';
  const ok = [
    'SIP/2.0 200 OK',
    'ms-keep-alive: UAS; tcp=no; hop-hop=yes; end-end=no; timeout=300',
    'Authentication-Info: NTLM rspauth="0100000000000000BF2E52667DDF6DED", srand="0878F41B", snum="1", opaque="4452DFB0", qop="auth", targetname="ocs1.ocs.provo.novell.com", realm="SIP Communications Service"',
    'From: "Gabriel Burt"<sip:gabriel@ocs.provo.novell.com>;tag=2947328781;epid=1234567890',
    'To: <sip:gabriel@ocs.provo.novell.com>;tag=B816D65C2300A32CFA6D371F2AF537FD',
    'Call-ID: 8592g5DCBa1694i5887m0D0Bt2247b3F38xAE9Fx',
    'CSeq: 3 REGISTER',
    'Via: SIP/2.0/TLS 164.99.194.49:10409;branch=z9hG4bKE0E37DBAF252C3255BAD;received=164.99.195.20;ms-received-port=10409;ms-received-cid=1E00',
    'Contact: <sip:164.99.195.20:10409;transport=tls;ms-received-cid=1E00>;expires=900',
    'Expires: 900',
    'Allow-Events: vnd-microsoft-provisioning,vnd-microsoft-roaming-contacts,vnd-microsoft-roaming-ACL,presence,presence.wpending,vnd-microsoft-roaming-self,vnd-microsoft-provisioning-v2',
    'Supported: adhoclist',
    'Server: RTC/3.0',
    'Supported: com.microsoft.msrtc.presence',
    'Content-Length: 0',
    '', '',
  ].join('\r\n');

  it('the CRC32/RC4 signature (seq 100, pad 0, exported key as sign and seal key) is the rspauth', () => {
    assert.equal(hex(ntlmSignature(exported, exported, flags, Buffer.from(buffer))), '0100000000000000BF2E52667DDF6DED');
  });

  it('the < 3 buffer layout built from the 200 OK text equals the vector', () => {
    const msg = parseRawMessage(ok);
    assert.equal(signatureBuffer(msg, { scheme: 'NTLM', rand: '0878F41B', num: '1', realm: REALM, targetname: 'ocs1.ocs.provo.novell.com' }), buffer);
  });

  it('a client SA without a version verifies the 200 OK as valid', () => {
    const sa = new SecurityAssociation('client', deriveSessionKeys(flags, exported), { scheme: 'NTLM', realm: REALM, targetname: 'ocs1.ocs.provo.novell.com' });
    assert.equal(sa.verify(parseRawMessage(ok)), 'valid');
    assert.equal(sa.verify(parseRawMessage(ok.replace('Expires: 900', 'Expires: 901'))), 'invalid');
  });
});

describe('(b) OC 2007 R2 ↔ OCS 2007 R2, NTLMv2 connection-less, version 4', () => {
  const challengeBytes = bytes('4E544C4D53535000020000000000000038000000F38298E2DD1BAAF4E7E218D1000000000000000096009600380000000502CE0E0000000F02000A0043004F0053004D004F000100180043004F0053004D004F002D004F00430053002D00520032000400160063006F0073006D006F002E006C006F00630061006C000300300063006F0073006D006F002D006F00630073002D00720032002E0063006F0073006D006F002E006C006F00630061006C000500160063006F0073006D006F002E006C006F00630061006C0000000000');
  const authenticateBytes = bytes('4E544C4D53535000030000001800180072000000C600C6008A0000000A000A00480000000800080052000000180018005A0000001000100050010000558298620502CE0E0000000F43004F0053004D004F00550073006500720043004F0053004D004F002D004F00430053002D0052003200A1E92EFE4E078BF7C5C0049ACC6166C2D6AE875CB0FDAA418DC0C800AE76ECA606D2B9FBEBD04731010100000000000059519A1727B9CA01D6AE875CB0FDAA410000000002000A0043004F0053004D004F000100180043004F0053004D004F002D004F00430053002D00520032000400160063006F0073006D006F002E006C006F00630061006C000300300063006F0073006D006F002D006F00630073002D00720032002E0063006F0073006D006F002E006C006F00630061006C000500160063006F0073006D006F002E006C006F00630061006C00000000000000000031CB739E1CA80A498591E8AE797115E4');
  const clientChallenge = bytes('D6AE875CB0FDAA41');
  const time = bytes('59519A1727B9CA01');
  const credentials = { user: 'User', domain: 'COSMO', password: 'Pa$$word', workstation: 'COSMO-OCS-R2' };
  const target = 'cosmo-ocs-r2.cosmo.local';
  const register = [
    'REGISTER sip:cosmo.local SIP/2.0',
    'Via: SIP/2.0/TLS 192.168.172.6:12723',
    'Max-Forwards: 70',
    'From: <sip:user@cosmo.local>;tag=3e49177a52;epid=c8ca638a15',
    'To: <sip:user@cosmo.local>',
    'Call-ID: 4037df9284354df39065195bd57a4b14',
    'CSeq: 3 REGISTER',
    'Contact: <sip:192.168.172.6:12723;transport=tls;ms-opaque=fad3dfab32>;methods="INVITE, MESSAGE, INFO, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY";proxy=replace;+sip.instance="<urn:uuid:34D859DB-6585-5F91-A3B4-DE853C15347D>"',
    'User-Agent: UCCAPI/3.5.6907.0 OC/3.5.6907.0 (Microsoft Office Communicator 2007 R2)',
    'Supported: gruu-10, adhoclist, msrtc-event-categories',
    'Supported: ms-forking',
    'ms-keep-alive: UAC;hop-hop=yes',
    'Event: registration',
    `Proxy-Authorization: NTLM qop="auth", realm="SIP Communications Service", opaque="2BDBAC9D", targetname="cosmo-ocs-r2.cosmo.local", version=4, gssapi-data="${authenticateBytes.toString('base64')}", crand="13317733", cnum="1", response="0100000029618e9651b65a7764000000"`,
    'Content-Length: 0',
    '', '',
  ].join('\r\n');
  const ok = [
    'SIP/2.0 200 OK',
    'ms-keep-alive: UAS; tcp=no; hop-hop=yes; end-end=no; timeout=300',
    'Authentication-Info: NTLM rspauth="01000000E615438A917661BE64000000", srand="9616454F", snum="1", opaque="2BDBAC9D", qop="auth", targetname="cosmo-ocs-r2.cosmo.local", realm="SIP Communications Service"',
    'From: "User"<sip:user@cosmo.local>;tag=3e49177a52;epid=c8ca638a15',
    'To: <sip:user@cosmo.local>;tag=5E61CCD925D17E043D9A74835A88F664',
    'Call-ID: 4037df9284354df39065195bd57a4b14',
    'CSeq: 3 REGISTER',
    'Via: SIP/2.0/TLS 192.168.172.6:12723;ms-received-port=12723;ms-received-cid=2600',
    'Contact: <sip:192.168.172.6:12723;transport=tls;ms-opaque=fad3dfab32;ms-received-cid=2600>;expires=7200;+sip.instance="<urn:uuid:34d859db-6585-5f91-a3b4-de853c15347d>";gruu="sip:user@cosmo.local;opaque=user:epid:21nYNIVlkV-jtN6FPBU0fQAA;gruu"',
    'Expires: 7200',
    'presence-state: register-action="added"',
    'Allow-Events: vnd-microsoft-provisioning,vnd-microsoft-roaming-contacts,vnd-microsoft-roaming-ACL,presence,presence.wpending,vnd-microsoft-roaming-self,vnd-microsoft-provisioning-v2',
    'Supported: adhoclist',
    'Server: RTC/3.5',
    'Supported: msrtc-event-categories',
    'Content-Length: 0',
    '', '',
  ].join('\r\n');

  const challenge = decodeChallengeMessage(challengeBytes);
  // ExportedSessionKey = RC4(KeyExchangeKey, EncryptedRandomSessionKey)
  const responseKey = ntowfv2(credentials.password, credentials.user, credentials.domain);
  const keyExchangeKey = computeNtlmV2Response(responseKey, challenge.serverChallenge, clientChallenge, time, challenge.targetInfo).sessionBaseKey;
  const exportedSessionKey = rc4(keyExchangeKey, bytes('31CB739E1CA80A498591E8AE797115E4'));

  it('decodes the CHALLENGE: flags, server challenge, empty target name, 150-byte target info, no timestamp', () => {
    assert.equal(challenge.flags, 0xe29882f3);
    assert.equal(hex(challenge.serverChallenge), 'DD1BAAF4E7E218D1');
    assert.equal(challenge.targetName, '');
    assert.equal(challenge.targetInfo.length, 150);
    assert.equal(challenge.timestamp, undefined);
  });

  it('builds the AUTHENTICATE byte for byte (LMv2, NTProofStr, EncryptedRandomSessionKey, flags 0x62988255)', () => {
    const { message, keys } = computeAuthenticateMessage(challenge, credentials, { clientChallenge, time, exportedSessionKey, version: ntlmVersion(5, 2, 3790, 15) });
    assert.equal(hex(message), hex(authenticateBytes));
    assert.equal(keys.flags, 0x62988255);
  });

  it('signs the client REGISTER: buffer and response 0100000029618E9651B65A7764000000', () => {
    const { keys } = computeAuthenticateMessage(challenge, credentials, { clientChallenge, time, exportedSessionKey, version: CLIENT_NTLM_VERSION });
    const buffer = signatureBuffer(parseRawMessage(register), { scheme: 'NTLM', rand: '13317733', num: '1', realm: REALM, targetname: target, version: 4 });
    assert.equal(buffer, '<NTLM><13317733><1><SIP Communications Service><cosmo-ocs-r2.cosmo.local><4037df9284354df39065195bd57a4b14><3><REGISTER><sip:user@cosmo.local><3e49177a52><sip:user@cosmo.local><><><><>');
    assert.equal(hex(ntlmSignature(keys.clientSignKey, keys.clientSealKey, keys.flags, Buffer.from(buffer))), '0100000029618E9651B65A7764000000');
  });

  it('signs the server 200 OK: buffer and rspauth 01000000E615438A917661BE64000000', () => {
    const { keys } = computeAuthenticateMessage(challenge, credentials, { clientChallenge, time, exportedSessionKey, version: CLIENT_NTLM_VERSION });
    const buffer = signatureBuffer(parseRawMessage(ok), { scheme: 'NTLM', rand: '9616454F', num: '1', realm: REALM, targetname: target, version: 4 });
    assert.equal(buffer, '<NTLM><9616454F><1><SIP Communications Service><cosmo-ocs-r2.cosmo.local><4037df9284354df39065195bd57a4b14><3><REGISTER><sip:user@cosmo.local><3e49177a52><sip:user@cosmo.local><5E61CCD925D17E043D9A74835A88F664><><><7200><200>');
    assert.equal(hex(ntlmSignature(keys.serverSignKey, keys.serverSealKey, keys.flags, Buffer.from(buffer))), '01000000E615438A917661BE64000000');
  });

  it("server side: acceptAuthenticateMessage with 'Pa$$word' recovers the same keys, and both SAs verify the real messages", () => {
    const client = computeAuthenticateMessage(challenge, credentials, { clientChallenge, time, exportedSessionKey, version: CLIENT_NTLM_VERSION });
    const accepted = acceptAuthenticateMessage(challenge, authenticateBytes, (user, domain) => (user === 'User' && domain === 'COSMO' ? 'Pa$$word' : undefined));
    assert.deepEqual({ user: accepted.user, domain: accepted.domain, workstation: accepted.workstation }, { user: 'User', domain: 'COSMO', workstation: 'COSMO-OCS-R2' });
    assert.deepEqual(accepted.keys, client.keys);
    assert.equal(hex(accepted.keys.exportedSessionKey), hex(exportedSessionKey));
    const params = { scheme: 'NTLM' as const, realm: REALM, targetname: target, opaque: '2BDBAC9D', version: 4 };
    assert.equal(new SecurityAssociation('server', accepted.keys, params).verify(parseRawMessage(register)), 'valid');
    assert.equal(new SecurityAssociation('client', client.keys, params).verify(parseRawMessage(ok)), 'valid');
  });

  it('KeyExchangeKey = HMAC_MD5(ResponseKeyNT, NTProofStr) with the NTProofStr from the AUTHENTICATE', () => {
    assert.deepEqual(hmacMd5(responseKey, bytes('8DC0C800AE76ECA606D2B9FBEBD04731')), keyExchangeKey);
  });
});
