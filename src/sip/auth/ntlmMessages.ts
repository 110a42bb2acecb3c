/**
 * [MS-NLMP] 2.2.1 message layouts the client needs: decode a CHALLENGE, encode an AUTHENTICATE. The
 * server's side (encode CHALLENGE, decode AUTHENTICATE) is the simulator's (simulator/auth/ntlmServer.ts);
 * the shared primitives here are guarded from both sides by test/unit/auth (MS-NLMP §4.2 vectors, real capture).
 */
import { LyncError } from '../../common/errors';
import { CONNECTIONLESS_REQUIRED_FLAGS, hasFlag, NtlmFlag } from './ntlmFlags';

export interface NtlmChallengeMessage {
  flags: number;
  serverChallenge: Buffer;
  targetName: string;
  targetInfo: Buffer;
  /** MsvAvTimestamp from TargetInfo, 8 LE bytes, when present. */
  timestamp?: Buffer;
  raw: Buffer;
}

export interface NtlmAuthenticateFields {
  flags: number;
  lmChallengeResponse: Buffer;
  ntChallengeResponse: Buffer;
  domain: string;
  user: string;
  workstation: string;
  encryptedRandomSessionKey: Buffer;
  version: Buffer;
}

export const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
/** sipe's AUTHENTICATE header: 64 bytes of fields + the 8-byte version, no MIC. */
const AUTHENTICATE_HEADER_LENGTH = 72;
export const CHALLENGE_HEADER_LENGTH = 56;

export const AvId = {
  EOL: 0, NbComputerName: 1, NbDomainName: 2, DnsComputerName: 3, DnsDomainName: 4, DnsTreeName: 5,
  Flags: 6, Timestamp: 7,
} as const;

/** 8-byte VERSION field: major, minor, LE16 build, 3 reserved, NTLM revision. */
export function ntlmVersion(major: number, minor: number, build: number, revision = 15): Buffer {
  const b = Buffer.alloc(8);
  b[0] = major;
  b[1] = minor;
  b.writeUInt16LE(build, 2);
  b[7] = revision;
  return b;
}

function protocolError(what: string): LyncError {
  return new LyncError('ProtocolError', `Malformed NTLM message: ${what}`);
}

export function checkHeader(message: Buffer, type: number, minLength: number): void {
  if (message.length < minLength) throw protocolError('too short');
  if (!message.subarray(0, 8).equals(SIGNATURE)) throw protocolError('no NTLMSSP signature');
  if (message.readUInt32LE(8) !== type) throw protocolError(`type ${message.readUInt32LE(8)} instead of ${type}`);
}

/** Reads a security buffer (LE16 len, LE16 maxlen, LE32 offset) at `at`. */
export function readField(message: Buffer, at: number, name: string): Buffer {
  const length = message.readUInt16LE(at);
  const offset = message.readUInt32LE(at + 4);
  if (length === 0) return Buffer.alloc(0);
  if (offset + length > message.length) throw protocolError(`${name} outside the message`);
  return message.subarray(offset, offset + length);
}

export function decodeText(bytes: Buffer, unicode: boolean): string {
  return bytes.toString(unicode ? 'utf16le' : 'latin1');
}

/** Walks the AV_PAIR list; throws ProtocolError when it runs past the end. */
export function readAvPairs(targetInfo: Buffer): Array<{ id: number; value: Buffer }> {
  const pairs: Array<{ id: number; value: Buffer }> = [];
  let at = 0;
  while (at + 4 <= targetInfo.length) {
    const id = targetInfo.readUInt16LE(at);
    const length = targetInfo.readUInt16LE(at + 2);
    if (id === AvId.EOL) return pairs;
    if (at + 4 + length > targetInfo.length) throw protocolError('AV_PAIR outside TargetInfo');
    pairs.push({ id, value: targetInfo.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  throw protocolError('TargetInfo without MsvAvEOL');
}

export function writeAvPairs(pairs: Array<{ id: number; value: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  for (const { id, value } of pairs) {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(id, 0);
    head.writeUInt16LE(value.length, 2);
    parts.push(head, value);
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

/**
 * Decodes a CHALLENGE (type 2). ProtocolError when malformed; AuthenticationFailed when it lacks a
 * flag connection-less signing needs (UNICODE, NTLM, ALWAYS_SIGN, ESS, TARGET_INFO, SIGN, DATAGRAM, IDENTIFY, KEY_EXCH),
 * or the flags `required` names instead (HTTP's connection-oriented NTLM needs fewer).
 */
export function decodeChallengeMessage(message: Buffer, required: ReadonlyArray<[string, number]> = CONNECTIONLESS_REQUIRED_FLAGS): NtlmChallengeMessage {
  checkHeader(message, 2, 48);
  const flags = message.readUInt32LE(20);
  const unicode = hasFlag(flags, NtlmFlag.UNICODE);
  const targetName = decodeText(readField(message, 12, 'TargetName'), unicode);
  const targetInfo = Buffer.from(readField(message, 40, 'TargetInfo'));
  const timestamp = readAvPairs(targetInfo).find((p) => p.id === AvId.Timestamp)?.value;
  if (timestamp !== undefined && timestamp.length !== 8) throw protocolError('MsvAvTimestamp is not 8 bytes');
  const missing = required.filter(([, flag]) => !hasFlag(flags, flag)).map(([name]) => name);
  if (missing.length > 0) {
    const why = required === CONNECTIONLESS_REQUIRED_FLAGS ? 'connection-less signing impossible' : 'NTLMv2 impossible';
    throw new LyncError('AuthenticationFailed', `The server's NTLM challenge lacks ${missing.join(', ')} (${why})`);
  }
  return {
    flags,
    serverChallenge: Buffer.from(message.subarray(24, 32)),
    targetName,
    targetInfo,
    timestamp: timestamp === undefined ? undefined : Buffer.from(timestamp),
    raw: Buffer.from(message),
  };
}

/** Writes a security buffer (LE16 len, LE16 maxlen, LE32 offset) at `at`. */
export function writeField(head: Buffer, at: number, length: number, offset: number): void {
  head.writeUInt16LE(length, at);
  head.writeUInt16LE(length, at + 2);
  head.writeUInt32LE(offset, at + 4);
}

/** Encodes an AUTHENTICATE (type 3) the way sipe lays it out: Domain, User, Workstation, LM, NT, session key. */
export function encodeAuthenticateMessage(f: NtlmAuthenticateFields): Buffer {
  const unicode = hasFlag(f.flags, NtlmFlag.UNICODE);
  const text = (s: string) => Buffer.from(s, unicode ? 'utf16le' : 'latin1');
  const payload: Array<[number, Buffer]> = [
    [28, text(f.domain)],
    [36, text(f.user)],
    [44, text(f.workstation)],
    [12, f.lmChallengeResponse],
    [20, f.ntChallengeResponse],
    [52, f.encryptedRandomSessionKey],
  ];
  const head = Buffer.alloc(AUTHENTICATE_HEADER_LENGTH);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(3, 8);
  let offset = AUTHENTICATE_HEADER_LENGTH;
  for (const [at, bytes] of payload) {
    writeField(head, at, bytes.length, offset);
    offset += bytes.length;
  }
  head.writeUInt32LE(f.flags >>> 0, 60);
  f.version.copy(head, 64, 0, 8);
  return Buffer.concat([head, ...payload.map(([, bytes]) => bytes)]);
}
