/** The MS-SIPAE signature input buffer (docs/protocol/sipae.md#signature-buffer): header values exactly as written, each in `<…>`. */
import { headerParam, RawSipMessage, uriOfNameAddr } from '../message/rawMessage';

export interface SignatureFields {
  scheme: string;
  rand: string;
  num: string;
  realm: string;
  targetname: string;
  /** 3 or more: the Lync 2010+ layout with To-URI, PAI and Expires; absent or < 3: the OCS 2007 layout. */
  version?: number;
}

/** sip: and tel: URIs of a P-Asserted-Identity / P-Preferred-Identity value (sipe's rules). */
export function assertedIdentityUris(value: string | undefined): { sip: string; tel: string } {
  const result = { sip: '', tel: '' };
  if (value === undefined) return result;
  if (/^tel:/i.test(value.trim())) return { sip: '', tel: value.trim() };
  for (const part of value.split(',')) {
    const open = part.indexOf('<');
    const close = part.indexOf('>', open + 1);
    if (open < 0 || close < 0) continue;
    const uri = part.slice(open + 1, close);
    if (/^sip:/i.test(uri) && !result.sip) result.sip = uri;
    else if (/^tel:/i.test(uri) && !result.tel) result.tel = uri;
  }
  return result;
}

/**
 * [URI, tag] of a From/To value; every message of a dialog signs the same two values, each way, so
 * the answers are remembered (bounded).
 */
const parts = new Map<string, readonly [string, string]>();
function nameAddrParts(value: string): readonly [string, string] {
  let hit = parts.get(value);
  if (hit === undefined) {
    hit = [value ? uriOfNameAddr(value) : '', headerParam(value, 'tag') ?? ''];
    if (parts.size >= 256) parts.delete(parts.keys().next().value as string);
    parts.set(value, hit);
  }
  return hit;
}

function cseqParts(msg: RawSipMessage): { number: string; method: string } {
  const cseq = (msg.header('CSeq') ?? '').trim();
  const space = cseq.search(/\s/);
  const number = space < 0 ? cseq : cseq.slice(0, space);
  const method = msg.isRequest ? (msg.method ?? '') : (space < 0 ? '' : cseq.slice(space).trim());
  return { number, method };
}

/**
 * Version ≥ 3: `<scheme><rand><num><realm><targetname><Call-ID><CSeq#><method><From-URI><From-tag><To-URI><To-tag><PAI-sip><PAI-tel><Expires>[<code>]`
 * Version < 3: `<scheme><rand><num><realm><targetname><Call-ID><CSeq#><method><From-URI><From-tag><To-tag><Expires>[<code>]`
 */
export function signatureBuffer(msg: RawSipMessage, f: SignatureFields): string {
  const from = nameAddrParts(msg.header('From') ?? '');
  const to = nameAddrParts(msg.header('To') ?? '');
  const { number, method } = cseqParts(msg);
  const [fromUri, fromTag] = from;
  const [toUri, toTag] = to;
  const expires = msg.header('Expires') ?? '';
  const head = [f.scheme, f.rand, f.num, f.realm, f.targetname, msg.header('Call-ID') ?? '', number, method, fromUri, fromTag];
  let fields: string[];
  if (f.version !== undefined && f.version >= 3) {
    const pai = assertedIdentityUris(msg.header('P-Asserted-Identity') ?? msg.header('P-Preferred-Identity'));
    fields = [...head, toUri, toTag, pai.sip, pai.tel, expires];
  } else {
    fields = [...head, toTag, expires];
  }
  if (!msg.isRequest && msg.status !== undefined) fields.push(String(msg.status));
  return fields.map((v) => `<${v}>`).join('');
}
