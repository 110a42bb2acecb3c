/**
 * Connection-less NTLMv2 ([MS-NLMP] 3.1.5.2 / 3.2.5.2) as MS-SIPAE uses it: the client's
 * AUTHENTICATE for a server CHALLENGE. The server's side is the simulator's (simulator/auth/ntlmServer.ts).
 */
import { randomBytes } from 'node:crypto';
import {
  computeNtlmV2Response, deriveSessionKeys, fileTime, NtlmSessionKeys, ntowfv2,
} from './ntlmCrypto';
import { CONNECTIONLESS_WANTED_FLAGS, hasFlag, NtlmFlag } from './ntlmFlags';
import {
  decodeChallengeMessage, encodeAuthenticateMessage, NtlmChallengeMessage, ntlmVersion,
} from './ntlmMessages';
import { rc4 } from './rc4';

export type { NtlmSessionKeys } from './ntlmCrypto';
export { deriveSessionKeys, ntlmSignature, SIPAE_SEQUENCE_NUMBER } from './ntlmCrypto';
export type { NtlmChallengeMessage } from './ntlmMessages';
export { decodeChallengeMessage, ntlmVersion } from './ntlmMessages';
export { NtlmFlag } from './ntlmFlags';

/** The VERSION sipe sends: 5.1.2600, NTLM revision 15. */
export const CLIENT_NTLM_VERSION = ntlmVersion(5, 1, 2600, 15);
/** 'CONTOSO\\alice' → {user:'alice', domain:'CONTOSO'}; 'alice@contoso.com' → {user:'alice@contoso.com', domain:''}. */
export function parseLogin(login: string): { user: string; domain: string } {
  const slash = login.indexOf('\\');
  if (slash >= 0) return { user: login.slice(slash + 1), domain: login.slice(0, slash) };
  return { user: login, domain: '' };
}

export interface NtlmCredentials { user: string; domain: string; password: string; workstation: string }

/**
 * The inputs [MS-NLMP] 3.1.5.1.2 draws at random or from the clock: explicit here, so the
 * computation is a pure function of them (what the [MS-NLMP] 4.2 known-answer vectors check).
 */
export interface NtlmAuthenticateInputs {
  clientChallenge: Buffer;
  /** Used when KEY_EXCH is negotiated (16 bytes). */
  exportedSessionKey: Buffer;
  /** 8 LE bytes FILETIME: the challenge's MsvAvTimestamp when it has one. */
  time: Buffer;
  /** 8-byte VERSION field. */
  version: Buffer;
}

/** Builds the AUTHENTICATE (type 3) answering `challenge`, and the session keys it establishes. */
export function createAuthenticateMessage(challenge: NtlmChallengeMessage, credentials: NtlmCredentials): { message: Buffer; keys: NtlmSessionKeys } {
  return computeAuthenticateMessage(challenge, credentials, {
    clientChallenge: randomBytes(8),
    exportedSessionKey: randomBytes(16),
    time: challenge.timestamp ?? fileTime(),
    version: CLIENT_NTLM_VERSION,
  });
}

/** createAuthenticateMessage with its random and clock inputs given: a pure function. */
export function computeAuthenticateMessage(challenge: NtlmChallengeMessage, credentials: NtlmCredentials,
  inputs: NtlmAuthenticateInputs): { message: Buffer; keys: NtlmSessionKeys } {
  let flags = ((challenge.flags & CONNECTIONLESS_WANTED_FLAGS) | NtlmFlag.REQUEST_TARGET) >>> 0;
  if (hasFlag(flags, NtlmFlag.NEGOTIATE_128)) flags = (flags & ~NtlmFlag.NEGOTIATE_56) >>> 0;

  const responseKeyNt = ntowfv2(credentials.password, credentials.user, credentials.domain);
  const { clientChallenge, time } = inputs;
  const response = computeNtlmV2Response(responseKeyNt, challenge.serverChallenge, clientChallenge, time, challenge.targetInfo);
  const keyExchangeKey = response.sessionBaseKey;

  let exportedSessionKey: Buffer = keyExchangeKey;
  let encryptedRandomSessionKey: Buffer = Buffer.alloc(0);
  if (hasFlag(flags, NtlmFlag.KEY_EXCH)) {
    exportedSessionKey = inputs.exportedSessionKey;
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
    version: inputs.version,
  });
  return { message, keys: deriveSessionKeys(flags, exportedSessionKey) };
}

/** Convenience: decode a base64 `gssapi-data` CHALLENGE. */
export function decodeChallengeBase64(gssapiData: string): NtlmChallengeMessage {
  return decodeChallengeMessage(Buffer.from(gssapiData, 'base64'));
}
