/**
 * Connection-less NTLMv2 ([MS-NLMP] 3.1.5.2 / 3.2.5.2) as MS-SIPAE uses it: the client's
 * AUTHENTICATE for a server CHALLENGE, and the server's side for the simulated Lync server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { LyncError } from '../../common/errors';
import {
  computeNtlmV2Response, deriveSessionKeys, fileTime, hmacMd5, NtlmSessionKeys, ntowfv2,
} from './ntlmCrypto';
import { CONNECTIONLESS_WANTED_FLAGS, DEFAULT_SERVER_CHALLENGE_FLAGS, hasFlag, NtlmFlag } from './ntlmFlags';
import {
  AvId, decodeAuthenticateMessage, decodeChallengeMessage, encodeAuthenticateMessage, encodeChallengeMessage,
  NtlmChallengeMessage, ntlmVersion, writeAvPairs,
} from './ntlmMessages';
import { rc4 } from './rc4';

export type { NtlmSessionKeys } from './ntlmCrypto';
export { deriveSessionKeys, ntlmSignature, SIPAE_SEQUENCE_NUMBER } from './ntlmCrypto';
export type { NtlmChallengeMessage } from './ntlmMessages';
export { decodeChallengeMessage, decodeAuthenticateMessage, ntlmVersion } from './ntlmMessages';
export { NtlmFlag } from './ntlmFlags';

/** The VERSION sipe sends: 5.1.2600, NTLM revision 15. */
export const CLIENT_NTLM_VERSION = ntlmVersion(5, 1, 2600, 15);
/** The VERSION the simulated server sends by default (that of the capture's responder: 6.1.7197). */
export const SERVER_NTLM_VERSION = ntlmVersion(6, 1, 7197, 15);

/** 'CONTOSO\\alice' → {user:'alice', domain:'CONTOSO'}; 'alice@contoso.com' → {user:'alice@contoso.com', domain:''}. */
export function parseLogin(login: string): { user: string; domain: string } {
  const slash = login.indexOf('\\');
  if (slash >= 0) return { user: login.slice(slash + 1), domain: login.slice(0, slash) };
  return { user: login, domain: '' };
}

export interface NtlmCredentials { user: string; domain: string; password: string; workstation: string }

export interface NtlmTestingOverrides {
  clientChallenge?: Buffer;
  exportedSessionKey?: Buffer;
  /** 8 LE bytes FILETIME; default: the challenge's MsvAvTimestamp, else now. */
  time?: Buffer;
  /** 8-byte VERSION field; default 5.1.2600/15 as sipe sends. */
  version?: Buffer;
}

/** Builds the AUTHENTICATE (type 3) answering `challenge`, and the session keys it establishes. */
export function createAuthenticateMessage(challenge: NtlmChallengeMessage, credentials: NtlmCredentials,
  testing: NtlmTestingOverrides = {}): { message: Buffer; keys: NtlmSessionKeys } {
  let flags = ((challenge.flags & CONNECTIONLESS_WANTED_FLAGS) | NtlmFlag.REQUEST_TARGET) >>> 0;
  if (hasFlag(flags, NtlmFlag.NEGOTIATE_128)) flags = (flags & ~NtlmFlag.NEGOTIATE_56) >>> 0;

  const responseKeyNt = ntowfv2(credentials.password, credentials.user, credentials.domain);
  const clientChallenge = testing.clientChallenge ?? randomBytes(8);
  const time = testing.time ?? challenge.timestamp ?? fileTime();
  const response = computeNtlmV2Response(responseKeyNt, challenge.serverChallenge, clientChallenge, time, challenge.targetInfo);
  const keyExchangeKey = response.sessionBaseKey;

  let exportedSessionKey: Buffer = keyExchangeKey;
  let encryptedRandomSessionKey: Buffer = Buffer.alloc(0);
  if (hasFlag(flags, NtlmFlag.KEY_EXCH)) {
    exportedSessionKey = testing.exportedSessionKey ?? randomBytes(16);
    encryptedRandomSessionKey = rc4(keyExchangeKey, exportedSessionKey);
  }

  const message = encodeAuthenticateMessage({
    flags,
    lmChallengeResponse: response.lmChallengeResponse,
    ntChallengeResponse: response.ntChallengeResponse,
    domain: credentials.domain,
    user: credentials.user,
    workstation: credentials.workstation.toUpperCase(),
    encryptedRandomSessionKey,
    version: testing.version ?? CLIENT_NTLM_VERSION,
  });
  return { message, keys: deriveSessionKeys(flags, exportedSessionKey) };
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

/** Convenience: decode a base64 `gssapi-data` CHALLENGE. */
export function decodeChallengeBase64(gssapiData: string): NtlmChallengeMessage {
  return decodeChallengeMessage(Buffer.from(gssapiData, 'base64'));
}
