/**
 * MS-SIPAE over SIP (docs/protocol/sipae.md#handshake): handshake header values for both sides, plus the signing
 * pieces re-exported from their own files.
 *
 * Signing the version-4 handshake REGISTER: the signature input does not contain the
 * Authorization header itself (only Call-ID, CSeq, From, To, PAI, Expires and the SA's
 * realm/targetname/crand/cnum), so `formatAuthenticateAuthorization(p, msg, sa, text)` signs `text`
 * as given (with or without an Authorization in it) and returns the complete header value.
 * `signHandshakeRequest(text, p, msg, sa)` is the all-in-one form: it removes any Authorization
 * from the message text, inserts the signed one last, and returns the new message text.
 */
import { insertHeader, parseRawMessage, removeHeaders } from '../message/rawMessage';
import { parseAuthHeader } from './authHeader';
import { SecurityAssociation, SipaeParams } from './securityAssociation';

export { parseAuthHeader, parseAuthParams, formatAuthHeader } from './authHeader';
export { signatureBuffer, assertedIdentityUris } from './signatureBuffer';
export type { SignatureFields } from './signatureBuffer';
export { SecurityAssociation } from './securityAssociation';
export type { SipaeParams, SipaeIntegrity, MessageSignature, VerifyResult } from './securityAssociation';

function versionPart(version: number | undefined): string {
  // sipe writes version only when it is > 2, bare (unquoted)
  return version !== undefined && version > 2 ? `, version=${version}` : '';
}

/** docs/protocol/sipae.md#handshake step 3: `NTLM qop="auth"[, opaque="…"], realm="…", targetname="…", gssapi-data=""[, version=N]`. */
export function formatInitialAuthorization(p: SipaeParams): string {
  const opaque = p.opaque !== undefined ? `, opaque="${p.opaque}"` : '';
  return `${p.scheme} qop="auth"${opaque}, realm="${p.realm}", targetname="${p.targetname}", gssapi-data=""${versionPart(p.version)}`;
}

/**
 * docs/protocol/sipae.md#handshake step 5 (and Kerberos's one step, without opaque): `NTLM qop="auth", opaque="…", realm="…", targetname="…", gssapi-data="<base64>"[, version=N][, crand="…", cnum="…", response="…"]`.
 * crand/cnum/response are added when version > 3 AND `sa` and `msgTextForSignature` are given (sa signs
 * the text, taking cnum 1). Without them the value is unsigned (what sipe sends for version ≤ 3).
 */
export function formatAuthenticateAuthorization(p: SipaeParams, authenticateMessage: Buffer,
  sa?: SecurityAssociation, msgTextForSignature?: string): string {
  // Kerberos has no opaque yet: the pool hands one back in the Authentication-Info of its 200 OK
  const opaque = p.opaque !== undefined ? ` opaque="${p.opaque}",` : '';
  let value = `${p.scheme} qop="auth",${opaque} realm="${p.realm}", targetname="${p.targetname}", ` +
    `gssapi-data="${authenticateMessage.toString('base64')}"${versionPart(p.version)}`;
  if (p.version !== undefined && p.version > 3 && sa && msgTextForSignature !== undefined) {
    const sig = sa.nextSignature(parseRawMessage(msgTextForSignature));
    value += `, crand="${sig.rand}", cnum="${sig.num}", response="${sig.response}"`;
  }
  return value;
}

/** Removes any Authorization from `messageText`, inserts the (signed when version > 3) AUTHENTICATE one last, returns the text. */
export function signHandshakeRequest(messageText: string, p: SipaeParams & { opaque: string }, authenticateMessage: Buffer,
  sa: SecurityAssociation): string {
  const stripped = removeHeaders(messageText, 'Authorization');
  return insertHeader(stripped, `Authorization: ${formatAuthenticateAuthorization(p, authenticateMessage, sa, stripped)}`);
}

/** What a client reads from one `WWW-Authenticate: NTLM …` value: the SA parameters and the CHALLENGE if present. */
export function parseNtlmChallengeHeader(value: string): { params: SipaeParams; gssapiData?: Buffer } | undefined {
  const { scheme, params } = parseAuthHeader(value);
  if (scheme.toUpperCase() !== 'NTLM') return undefined;
  const version = params.version !== undefined && /^\d+$/.test(params.version) ? Number(params.version) : undefined;
  return {
    params: { scheme: 'NTLM', realm: params.realm ?? '', targetname: params.targetname ?? '', opaque: params.opaque, version: version || undefined },
    gssapiData: params['gssapi-data'] ? Buffer.from(params['gssapi-data'], 'base64') : undefined,
  };
}
