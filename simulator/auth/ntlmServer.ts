/**
 * The simulated pool's side of connection-less NTLMv2 ([MS-NLMP] 3.2.5.2) for MS-SIPAE: the
 * CHALLENGE a Windows server writes and the check of the client's AUTHENTICATE. Test bed only: the
 * product (src/) holds the client side. Both build on src/sip/auth's codec and crypto primitives,
 * which test/unit/auth guards from both sides (MS-NLMP §4.2 vectors, the real pidgin-sipe capture).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { LyncError } from '../../src/common/errors';
import { deriveSessionKeys, fileTime, hmacMd5, NtlmSessionKeys, ntowfv2 } from '../../src/sip/auth/ntlmCrypto';
import { CONNECTIONLESS_WANTED_FLAGS, hasFlag, NtlmFlag } from '../../src/sip/auth/ntlmFlags';
import {
  AvId, CHALLENGE_HEADER_LENGTH, checkHeader, decodeText, NtlmAuthenticateFields, NtlmChallengeMessage, ntlmVersion, readField, SIGNATURE, writeAvPairs, writeField,
} from '../../src/sip/auth/ntlmMessages';
import { rc4 } from '../../src/sip/auth/rc4';

/** The VERSION the simulated server sends by default (that of the capture's responder: 6.1.7197). */
export const SERVER_NTLM_VERSION = ntlmVersion(6, 1, 7197, 15);

/** What the simulated server offers by default (the same as the capture's responder: 0xE2998255). */
export const DEFAULT_SERVER_CHALLENGE_FLAGS = (
  CONNECTIONLESS_WANTED_FLAGS | NtlmFlag.TARGET_TYPE_DOMAIN
) >>> 0;

/** Encodes a CHALLENGE (type 2): 56-byte header (with VERSION), TargetName (UTF-16LE), TargetInfo. */
export function encodeChallengeMessage(flags: number, serverChallenge: Buffer, targetName: string, targetInfo: Buffer,
  version: Buffer): Buffer {
  const name = Buffer.from(targetName, 'utf16le');
  const head = Buffer.alloc(CHALLENGE_HEADER_LENGTH);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(2, 8);
  writeField(head, 12, name.length, CHALLENGE_HEADER_LENGTH);
  head.writeUInt32LE(flags >>> 0, 20);
  serverChallenge.copy(head, 24, 0, 8);
  writeField(head, 40, targetInfo.length, CHALLENGE_HEADER_LENGTH + name.length);
  version.copy(head, 48, 0, 8);
  return Buffer.concat([head, name, targetInfo]);
}

/** Decodes an AUTHENTICATE (type 3); ProtocolError when malformed. */
export function decodeAuthenticateMessage(message: Buffer): NtlmAuthenticateFields {
  checkHeader(message, 3, 64);
  const flags = message.readUInt32LE(60);
  const unicode = hasFlag(flags, NtlmFlag.UNICODE);
  return {
    flags,
    lmChallengeResponse: Buffer.from(readField(message, 12, 'LmChallengeResponse')),
    ntChallengeResponse: Buffer.from(readField(message, 20, 'NtChallengeResponse')),
    domain: decodeText(readField(message, 28, 'DomainName'), unicode),
    user: decodeText(readField(message, 36, 'UserName'), unicode),
    workstation: decodeText(readField(message, 44, 'Workstation'), unicode),
    encryptedRandomSessionKey: Buffer.from(readField(message, 52, 'EncryptedRandomSessionKey')),
    version: message.length >= 72 ? Buffer.from(message.subarray(64, 72)) : Buffer.alloc(8),
  };
}

export interface ChallengeOptions {
  netbiosDomain: string;
  netbiosComputer: string;
  dnsDomain: string;
  dnsComputer: string;
  serverChallenge?: Buffer;
  /** 8 LE bytes FILETIME for MsvAvTimestamp; default now. */
  timestamp?: Buffer;
  flags?: number;
  /** 8-byte VERSION field; default SERVER_NTLM_VERSION. */
  version?: Buffer;
}

/**
 * Server side: a CHALLENGE (type 2) as a Windows server writes it. TargetName = NetBIOS domain;
 * TargetInfo = NbDomain, NbComputer, DnsDomain, DnsComputer, DnsTree (= DnsDomain), Timestamp, EOL.
 */
export function createChallengeMessage(options: ChallengeOptions): NtlmChallengeMessage {
  const text = (s: string) => Buffer.from(s, 'utf16le');
  const timestamp = options.timestamp ?? fileTime();
  const targetInfo = writeAvPairs([
    { id: AvId.NbDomainName, value: text(options.netbiosDomain) },
    { id: AvId.NbComputerName, value: text(options.netbiosComputer) },
    { id: AvId.DnsDomainName, value: text(options.dnsDomain) },
    { id: AvId.DnsComputerName, value: text(options.dnsComputer) },
    { id: AvId.DnsTreeName, value: text(options.dnsDomain) },
    { id: AvId.Timestamp, value: timestamp },
  ]);
  const serverChallenge = options.serverChallenge ?? randomBytes(8);
  const flags = (options.flags ?? DEFAULT_SERVER_CHALLENGE_FLAGS) >>> 0;
  const raw = encodeChallengeMessage(flags, serverChallenge, options.netbiosDomain, targetInfo, options.version ?? SERVER_NTLM_VERSION);
  return {
    flags,
    serverChallenge: Buffer.from(serverChallenge),
    targetName: options.netbiosDomain,
    targetInfo,
    timestamp: Buffer.from(timestamp),
    raw,
  };
}

/**
 * Server side: checks the client's NTLMv2 proof against the password and recovers the session keys.
 * AuthenticationFailed when the user is unknown, the response is not NTLMv2 or the proof does not match.
 * (No MaxLifetime check on the client's timestamp: the simulator replays fixed vectors.)
 */
export function acceptAuthenticateMessage(challenge: NtlmChallengeMessage, message: Buffer,
  passwordFor: (user: string, domain: string) => string | undefined): { user: string; domain: string; workstation: string; keys: NtlmSessionKeys } {
  const auth = decodeAuthenticateMessage(message);
  const failed = (why: string) => new LyncError('AuthenticationFailed', `NTLM authentication failed: ${why}`);
  const password = passwordFor(auth.user, auth.domain);
  if (password === undefined) throw failed(`unknown user ${auth.domain ? `${auth.domain}\\` : ''}${auth.user}`);
  if (auth.ntChallengeResponse.length <= 24) throw failed('not an NTLMv2 response');

  const responseKeyNt = ntowfv2(password, auth.user, auth.domain);
  const ntProofStr = auth.ntChallengeResponse.subarray(0, 16);
  const temp = auth.ntChallengeResponse.subarray(16);
  const expected = hmacMd5(responseKeyNt, challenge.serverChallenge, temp);
  if (!timingSafeEqual(expected, ntProofStr)) throw failed('wrong password or response');

  const keyExchangeKey = hmacMd5(responseKeyNt, ntProofStr);
  let exportedSessionKey: Buffer = keyExchangeKey;
  if (hasFlag(auth.flags, NtlmFlag.KEY_EXCH)) {
    if (auth.encryptedRandomSessionKey.length !== 16) throw failed('KEY_EXCH without a 16-byte EncryptedRandomSessionKey');
    exportedSessionKey = rc4(keyExchangeKey, auth.encryptedRandomSessionKey);
  }
  return { user: auth.user, domain: auth.domain, workstation: auth.workstation, keys: deriveSessionKeys(auth.flags, exportedSessionKey) };
}
