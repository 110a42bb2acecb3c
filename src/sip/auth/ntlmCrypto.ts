/** [MS-NLMP] 3.3 / 3.4 primitives: NTOWFv2, NTLMv2 responses, key derivation and the message signature. */
import * as crypto from 'node:crypto';
import { crc32 } from './crc32';
import { md4 } from './md4';
import { hasFlag, NtlmFlag } from './ntlmFlags';
import { Rc4, rc4 } from './rc4';

export interface NtlmSessionKeys {
  flags: number;
  exportedSessionKey: Buffer;
  clientSignKey: Buffer;
  clientSealKey: Buffer;
  serverSignKey: Buffer;
  serverSealKey: Buffer;
}

/** The sequence number connection-less SIP signing always uses (sipe, OC 2007 R2 and OCS traces). */
export const SIPAE_SEQUENCE_NUMBER = 100;

/** Node ≥ 20.12's one-shot `crypto.hash`: a third of createHash's cost for the small inputs signing hashes. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'buffer') => Buffer }).hash;

export function md5(...parts: Buffer[]): Buffer {
  if (oneShotHash) return oneShotHash('md5', parts.length === 1 ? parts[0] as Buffer : Buffer.concat(parts), 'buffer');
  const hash = crypto.createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

const HMAC_BLOCK = 64;

/** RFC 2104 HMAC-MD5; with one-shot hashing it is two MD5s of (key ⊕ pad ‖ data), else Node's createHmac. */
export function hmacMd5(key: Buffer, ...parts: Buffer[]): Buffer {
  if (!oneShotHash || key.length > HMAC_BLOCK) {
    const mac = crypto.createHmac('md5', key);
    for (const part of parts) mac.update(part);
    return mac.digest();
  }
  const inner = Buffer.allocUnsafe(HMAC_BLOCK + parts.reduce((n, p) => n + p.length, 0));
  const outer = Buffer.allocUnsafe(HMAC_BLOCK + 16);
  for (let i = 0; i < HMAC_BLOCK; i++) {
    const k = i < key.length ? key[i] as number : 0;
    inner[i] = k ^ 0x36;
    outer[i] = k ^ 0x5c;
  }
  let at = HMAC_BLOCK;
  for (const part of parts) at += part.copy(inner, at);
  oneShotHash('md5', inner, 'buffer').copy(outer, HMAC_BLOCK);
  return oneShotHash('md5', outer, 'buffer');
}

export function utf16le(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

function le32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
}

/** NTOWFv1 = MD4(UNICODE(password)). */
export function ntowfv1(password: string): Buffer {
  return md4(utf16le(password));
}

/** NTOWFv2 = HMAC_MD5(NTOWFv1, UNICODE(UPPER(user) || domain)); also ResponseKeyLM. */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(ntowfv1(password), utf16le(user.toUpperCase() + domain));
}

export interface NtlmV2Response {
  ntChallengeResponse: Buffer;
  lmChallengeResponse: Buffer;
  ntProofStr: Buffer;
  sessionBaseKey: Buffer;
}

/** The NTLMv2 client blob `temp`: 0x01 0x01 Z(6) Time ClientChallenge Z(4) TargetInfo Z(4). */
export function ntlmV2Temp(time: Buffer, clientChallenge: Buffer, targetInfo: Buffer): Buffer {
  const head = Buffer.alloc(28);
  head[0] = 1;
  head[1] = 1;
  time.copy(head, 8, 0, 8);
  clientChallenge.copy(head, 16, 0, 8);
  return Buffer.concat([head, targetInfo, Buffer.alloc(4)]);
}

/** [MS-NLMP] 3.3.2 ComputeResponse for NTLMv2 (ResponseKeyLM = ResponseKeyNT). */
export function computeNtlmV2Response(responseKeyNt: Buffer, serverChallenge: Buffer, clientChallenge: Buffer,
  time: Buffer, targetInfo: Buffer): NtlmV2Response {
  const temp = ntlmV2Temp(time, clientChallenge, targetInfo);
  const ntProofStr = hmacMd5(responseKeyNt, serverChallenge, temp);
  return {
    ntChallengeResponse: Buffer.concat([ntProofStr, temp]),
    lmChallengeResponse: Buffer.concat([hmacMd5(responseKeyNt, serverChallenge, clientChallenge), clientChallenge]),
    ntProofStr,
    sessionBaseKey: hmacMd5(responseKeyNt, ntProofStr),
  };
}

const CLIENT_SIGN_MAGIC = Buffer.from('session key to client-to-server signing key magic constant\0', 'latin1');
const SERVER_SIGN_MAGIC = Buffer.from('session key to server-to-client signing key magic constant\0', 'latin1');
const CLIENT_SEAL_MAGIC = Buffer.from('session key to client-to-server sealing key magic constant\0', 'latin1');
const SERVER_SEAL_MAGIC = Buffer.from('session key to server-to-client sealing key magic constant\0', 'latin1');

/** SIGNKEY(ExportedSessionKey, mode). */
export function signKey(exportedSessionKey: Buffer, mode: 'client' | 'server'): Buffer {
  return md5(exportedSessionKey, mode === 'client' ? CLIENT_SIGN_MAGIC : SERVER_SIGN_MAGIC);
}

/** SEALKEY(flags, ExportedSessionKey, mode), including the no-ESS (LM_KEY-weakened) variants. */
export function sealKey(flags: number, exportedSessionKey: Buffer, mode: 'client' | 'server'): Buffer {
  if (hasFlag(flags, NtlmFlag.EXTENDED_SESSIONSECURITY)) {
    const length = hasFlag(flags, NtlmFlag.NEGOTIATE_128) ? 16 : hasFlag(flags, NtlmFlag.NEGOTIATE_56) ? 7 : 5;
    return md5(exportedSessionKey.subarray(0, length), mode === 'client' ? CLIENT_SEAL_MAGIC : SERVER_SEAL_MAGIC);
  }
  if (hasFlag(flags, NtlmFlag.LM_KEY)) {
    return hasFlag(flags, NtlmFlag.NEGOTIATE_56)
      ? Buffer.concat([exportedSessionKey.subarray(0, 7), Buffer.from([0xa0])])
      : Buffer.concat([exportedSessionKey.subarray(0, 5), Buffer.from([0xe5, 0x38, 0xb0])]);
  }
  return Buffer.from(exportedSessionKey);
}

/**
 * All four keys of a session. Without extended session security there is no signing key (the
 * MAC is CRC32 + RC4 with the seal key), so the sign keys are the exported key itself.
 */
export function deriveSessionKeys(flags: number, exportedSessionKey: Buffer): NtlmSessionKeys {
  const ess = hasFlag(flags, NtlmFlag.EXTENDED_SESSIONSECURITY);
  return {
    flags: flags >>> 0,
    exportedSessionKey: Buffer.from(exportedSessionKey),
    clientSignKey: ess ? signKey(exportedSessionKey, 'client') : Buffer.from(exportedSessionKey),
    clientSealKey: sealKey(flags, exportedSessionKey, 'client'),
    serverSignKey: ess ? signKey(exportedSessionKey, 'server') : Buffer.from(exportedSessionKey),
    serverSealKey: sealKey(flags, exportedSessionKey, 'server'),
  };
}

/**
 * [MS-NLMP] 3.4.4 MAC as sipe computes it for SIP (docs/protocol/sipae.md#ntlm-signature), 16 bytes:
 * - ESS: LE32(1) || [RC4(SealKey', ] HMAC_MD5(SignKey, LE32(seq) || data)[0..7] [)] || LE32(seq),
 *   with SealKey' = MD5(SealKey || LE32(seq)) in DATAGRAM mode and RC4 only with KEY_EXCH.
 * - no ESS: LE32(1) || LE32(randomPad) || RC4(SealKey, LE32(0) || LE32(CRC32(data)) || LE32(seq))[4..11].
 */
export function ntlmSignature(signKeyValue: Buffer, sealKeyValue: Buffer, flags: number, data: Buffer,
  seq: number = SIPAE_SEQUENCE_NUMBER, randomPad = 0): Buffer {
  if (hasFlag(flags, NtlmFlag.EXTENDED_SESSIONSECURITY)) {
    const checksum = hmacMd5(signKeyValue, le32(seq), data).subarray(0, 8);
    let sealed = checksum;
    if (hasFlag(flags, NtlmFlag.KEY_EXCH)) {
      const handleKey = hasFlag(flags, NtlmFlag.DATAGRAM) ? md5(sealKeyValue, le32(seq)) : sealKeyValue;
      sealed = rc4(handleKey, checksum);
    }
    return Buffer.concat([le32(1), sealed, le32(seq)]);
  }
  const encrypted = new Rc4(sealKeyValue).update(Buffer.concat([le32(0), le32(crc32(data)), le32(seq)]));
  return Buffer.concat([le32(1), le32(randomPad), encrypted.subarray(4, 12)]);
}

/**
 * ntlmSignature for one key pair at the fixed SIP sequence number, with what does not depend on the
 * message worked out once: the HMAC pads, the DATAGRAM handle key and its RC4 key stream. Every
 * SIP message is signed or verified, so this is the per-message cost; the known-answer tests check
 * it against ntlmSignature.
 */
export class MessageSigner {
  private readonly ipad = Buffer.alloc(HMAC_BLOCK, 0x36);
  private readonly opad = Buffer.alloc(HMAC_BLOCK, 0x5c);
  private readonly seqBytes: Buffer;
  /**
   * The first 8 bytes of the handle key's RC4 key stream (ESS with KEY_EXCH only): every signature
   * seals its 8-byte checksum from the start of that stream, and RC4 is data XOR key stream.
   */
  private readonly sealStream: Buffer | undefined;
  private readonly ess: boolean;

  constructor(private readonly signKeyValue: Buffer, private readonly sealKeyValue: Buffer, private readonly flags: number,
    private readonly seq: number = SIPAE_SEQUENCE_NUMBER) {
    this.ess = hasFlag(flags, NtlmFlag.EXTENDED_SESSIONSECURITY);
    this.seqBytes = le32(seq);
    if (signKeyValue.length <= HMAC_BLOCK) {
      for (let i = 0; i < signKeyValue.length; i++) {
        this.ipad[i] = (signKeyValue[i] as number) ^ 0x36;
        this.opad[i] = (signKeyValue[i] as number) ^ 0x5c;
      }
    }
    this.sealStream = this.ess && hasFlag(flags, NtlmFlag.KEY_EXCH)
      ? new Rc4(hasFlag(flags, NtlmFlag.DATAGRAM) ? md5(sealKeyValue, this.seqBytes) : sealKeyValue).update(Buffer.alloc(8))
      : undefined;
  }

  /** The 16-byte signature of `data`. */
  sign(data: Buffer): Buffer {
    if (!this.ess || !oneShotHash || this.signKeyValue.length > HMAC_BLOCK) {
      return ntlmSignature(this.signKeyValue, this.sealKeyValue, this.flags, data, this.seq);
    }
    const inner = Buffer.allocUnsafe(HMAC_BLOCK + 4 + data.length);
    this.ipad.copy(inner, 0);
    this.seqBytes.copy(inner, HMAC_BLOCK);
    data.copy(inner, HMAC_BLOCK + 4);
    const outer = Buffer.allocUnsafe(HMAC_BLOCK + 16);
    this.opad.copy(outer, 0);
    oneShotHash('md5', inner, 'buffer').copy(outer, HMAC_BLOCK);
    const checksum = oneShotHash('md5', outer, 'buffer');
    const out = Buffer.allocUnsafe(16);
    out.writeUInt32LE(1, 0);
    const stream = this.sealStream;
    for (let i = 0; i < 8; i++) out[4 + i] = (checksum[i] as number) ^ (stream ? stream[i] as number : 0);
    this.seqBytes.copy(out, 12);
    return out;
  }
}

/** FILETIME (100 ns since 1601-01-01) as 8 little-endian bytes. */
export function fileTime(date: Date = new Date()): Buffer {
  const value = BigInt(date.getTime()) * 10000n + 116444736000000000n;
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(value);
  return b;
}
