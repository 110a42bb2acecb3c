/** An established MS-SIPAE security association: signs what we send, verifies what we receive (docs/protocol/sipae.md#authorization-header). */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { insertHeader, parseRawMessage, RawSipMessage, removeHeaders } from '../message/rawMessage';
import { parseAuthHeader } from './authHeader';
import { MessageSigner, NtlmSessionKeys } from './ntlmCrypto';
import { signatureBuffer } from './signatureBuffer';

export interface SipaeParams {
  scheme: 'NTLM' | 'Kerberos';
  realm: string;
  targetname: string;
  opaque?: string;
  /** 3 | 4; undefined = absent (OCS 2007 layout). */
  version?: number;
}

export interface MessageSignature { rand: string; num: string; response: string }

export type VerifyResult = 'valid' | 'unsigned' | 'invalid';

/**
 * How a scheme other than NTLM signs and checks the signature buffer (Kerberos: GSS MIC tokens),
 * and how long its association may live.
 */
export interface SipaeIntegrity {
  /** This side's signature over `data`. */
  sign(data: Buffer): Buffer;
  /** Whether `signature` is the other side's over `data`. */
  verify(data: Buffer, signature: Buffer): boolean;
  /** When the association must be renewed (ms from its creation); undefined: the NTLM rule (8 h − 5 min, the endpoint's). */
  readonly renewAfterMs?: number;
  dispose(): void;
}

/** An NTLM signature is 16 bytes; a Kerberos MIC token some 28-60: anything longer is refused unparsed. */
const MAX_SIGNATURE_HEX = 1024;

class NtlmIntegrity implements SipaeIntegrity {
  /** Signs what this side sends. */
  private readonly ours: MessageSigner;
  /** Checks what the other side sends. */
  private readonly theirs: MessageSigner;

  constructor(role: 'client' | 'server', keys: NtlmSessionKeys) {
    const client = new MessageSigner(keys.clientSignKey, keys.clientSealKey, keys.flags);
    const server = new MessageSigner(keys.serverSignKey, keys.serverSealKey, keys.flags);
    [this.ours, this.theirs] = role === 'client' ? [client, server] : [server, client];
  }

  sign(data: Buffer): Buffer {
    return this.ours.sign(data);
  }

  verify(data: Buffer, signature: Buffer): boolean {
    return signature.length === 16 && timingSafeEqual(signature, this.theirs.sign(data));
  }

  dispose(): void {
    // keys only: nothing to release
  }
}

/** crand/srand: 4 random bytes as hex, drawn from a buffer refilled 1 KB at a time (one system call per 256 messages). */
const randomPool = { bytes: Buffer.alloc(0), at: 0 };
function randomHex8(): string {
  if (randomPool.at + 4 > randomPool.bytes.length) {
    randomPool.bytes = randomBytes(1024);
    randomPool.at = 0;
  }
  const hex = randomPool.bytes.toString('hex', randomPool.at, randomPool.at + 4);
  randomPool.at += 4;
  return hex;
}

export class SecurityAssociation {
  private counter = 0;
  private readonly integrity: SipaeIntegrity;

  /** `keys`: NTLM session keys, or the integrity of another scheme (a Kerberos context). */
  private current: SipaeParams;

  constructor(
    readonly role: 'client' | 'server',
    keys: NtlmSessionKeys | SipaeIntegrity,
    params: SipaeParams,
  ) {
    this.integrity = 'verify' in keys ? keys : new NtlmIntegrity(role, keys);
    this.current = params;
  }

  get params(): SipaeParams {
    return this.current;
  }

  /** Kerberos: the opaque the server names in its Authentication-Info once the association exists. */
  setOpaque(opaque: string): void {
    this.current = { ...this.current, opaque };
  }

  /** When this association must be renewed (ms after it was made); undefined: the endpoint's NTLM rule. */
  get renewAfterMs(): number | undefined {
    return this.integrity.renewAfterMs;
  }

  /** Releases what the scheme holds (a Kerberos context); the association signs nothing afterwards. */
  dispose(): void {
    this.integrity.dispose();
  }

  /** How many messages this side has signed (the last cnum/snum). */
  get signedCount(): number {
    return this.counter;
  }

  /** The header this role writes: Authorization (client) or Authentication-Info (server). */
  get headerName(): 'Authorization' | 'Authentication-Info' {
    return this.role === 'client' ? 'Authorization' : 'Authentication-Info';
  }

  /**
   * Signs one message with a fresh rand and the next num. The buffer does not include any auth
   * header, so `msg` may or may not carry one already.
   */
  nextSignature(msg: RawSipMessage): MessageSignature {
    const rand = this.role === 'client' ? randomHex8() : randomHex8().toUpperCase();
    const num = String(++this.counter);
    const buffer = signatureBuffer(msg, { scheme: this.params.scheme, rand, num, realm: this.params.realm, targetname: this.params.targetname, version: this.params.version });
    const response = this.integrity.sign(Buffer.from(buffer, 'utf8')).toString('hex').toUpperCase();
    return { rand, num, response };
  }

  /**
   * client: replaces any Authorization with `NTLM qop="auth", opaque="…", realm="…", targetname="…", crand="…", cnum="…", response="…"`;
   * server: replaces any Authentication-Info with `NTLM rspauth="…", srand="…", snum="…", opaque="…", qop="auth", targetname="…", realm="…"`.
   */
  sign(messageText: string): string {
    let parsed = parseRawMessage(messageText);
    let stripped = messageText;
    if (parsed.header(this.headerName) !== undefined) {
      stripped = removeHeaders(messageText, this.headerName);
      parsed = parseRawMessage(stripped);
    }
    const sig = this.nextSignature(parsed);
    const p = this.params;
    const opaque = p.opaque !== undefined ? `opaque="${p.opaque}", ` : '';
    const value = this.role === 'client'
      ? `${p.scheme} qop="auth", ${opaque}realm="${p.realm}", targetname="${p.targetname}", crand="${sig.rand}", cnum="${sig.num}", response="${sig.response}"`
      : `${p.scheme} rspauth="${sig.response}", srand="${sig.rand}", snum="${sig.num}", ${opaque}qop="auth", targetname="${p.targetname}", realm="${p.realm}"`;
    return insertHeader(stripped, `${this.headerName}: ${value}`);
  }

  /**
   * client role: checks the server's Authentication-Info rspauth (with the server keys);
   * server role: checks the client's Authorization (or Proxy-Authorization) response (with the client keys).
   * scheme/rand/num/realm/targetname come from that header, as sipe does. 'unsigned' = header/param absent.
   */
  verify(msg: RawSipMessage): VerifyResult {
    const header = this.role === 'client'
      ? msg.header('Authentication-Info')
      : (msg.header('Authorization') ?? msg.header('Proxy-Authorization'));
    if (header === undefined) return 'unsigned';
    const { scheme, params } = parseAuthHeader(header);
    const claimed = this.role === 'client' ? params.rspauth : params.response;
    if (claimed === undefined) return 'unsigned';
    const rand = this.role === 'client' ? params.srand : params.crand;
    const num = this.role === 'client' ? params.snum : params.cnum;
    const buffer = signatureBuffer(msg, {
      scheme, rand: rand ?? '', num: num ?? '', realm: params.realm ?? '', targetname: params.targetname ?? '', version: this.params.version,
    });
    const wellFormed = claimed.length > 0 && claimed.length <= MAX_SIGNATURE_HEX && claimed.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(claimed);
    if (!wellFormed) return 'invalid';
    return this.integrity.verify(Buffer.from(buffer, 'utf8'), Buffer.from(claimed, 'hex')) ? 'valid' : 'invalid';
  }
}
