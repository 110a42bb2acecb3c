/** RFC 2617 / RFC 7616 (RFC 8760 for SIP) Digest, for non-Lync registrars and 407 proxies. Not signed the MS-SIPAE way. */
import { createHash, randomBytes } from 'node:crypto';
import { LyncError } from '../../common/errors';
import { parseAuthHeader } from './authHeader';

type DigestHash = 'md5' | 'sha256';

export function algorithmOf(name: string | undefined): { hash: DigestHash; sess: boolean; label?: string } {
  if (name === undefined || name === '') return { hash: 'md5', sess: false };
  switch (name.toUpperCase()) {
    case 'MD5': return { hash: 'md5', sess: false, label: name };
    case 'MD5-SESS': return { hash: 'md5', sess: true, label: name };
    case 'SHA-256': return { hash: 'sha256', sess: false, label: name };
    case 'SHA-256-SESS': return { hash: 'sha256', sess: true, label: name };
    default: throw new LyncError('AuthenticationFailed', `Unsupported Digest algorithm ${name}`);
  }
}

function h(hash: DigestHash, text: string): string {
  return createHash(hash).update(text, 'utf8').digest('hex');
}

interface DigestInputs {
  hash: DigestHash; sess: boolean; username: string; realm: string; password: string; nonce: string; cnonce: string;
  nc: string; qop: string | undefined; method: string; uri: string; body: string;
}

export function digestResponse(i: DigestInputs): string {
  let ha1 = h(i.hash, `${i.username}:${i.realm}:${i.password}`);
  if (i.sess) ha1 = h(i.hash, `${ha1}:${i.nonce}:${i.cnonce}`);
  const ha2 = i.qop === 'auth-int'
    ? h(i.hash, `${i.method}:${i.uri}:${h(i.hash, i.body)}`)
    : h(i.hash, `${i.method}:${i.uri}`);
  return i.qop
    ? h(i.hash, `${ha1}:${i.nonce}:${i.nc}:${i.cnonce}:${i.qop}:${ha2}`)
    : h(i.hash, `${ha1}:${i.nonce}:${ha2}`); // RFC 2069 compatibility
}

/** Challenge values may come with or without the leading `Digest `. */
function digestParams(value: string): Record<string, string> {
  const { scheme, params } = parseAuthHeader(value);
  if (scheme && scheme.toLowerCase() !== 'digest') throw new LyncError('AuthenticationFailed', `Not a Digest challenge: ${scheme}`);
  return params;
}

/**
 * `Digest username="…", realm="…", nonce="…", uri="…"[, algorithm=…][, qop=auth, nc=…, cnonce="…"][, opaque="…"], response="…"`.
 * qop: `auth` when offered, else `auth-int` when only that is offered, else none (RFC 2069).
 */
export function createDigestAuthorization(challengeValue: string,
  o: { username: string; password: string; method: string; uri: string; cnonce?: string; nc?: number; body?: string }): string {
  const params = digestParams(challengeValue);
  const realm = params.realm ?? '';
  const nonce = params.nonce;
  if (nonce === undefined) throw new LyncError('AuthenticationFailed', 'Digest challenge without a nonce');
  const algorithm = algorithmOf(params.algorithm);
  const offered = (params.qop ?? '').split(',').map((q) => q.trim().toLowerCase()).filter(Boolean);
  const qop = offered.includes('auth') ? 'auth' : offered.includes('auth-int') ? 'auth-int' : undefined;
  const cnonce = o.cnonce ?? randomBytes(8).toString('hex');
  const nc = (o.nc ?? 1).toString(16).padStart(8, '0');
  const response = digestResponse({
    hash: algorithm.hash, sess: algorithm.sess, username: o.username, realm, password: o.password, nonce, cnonce, nc, qop,
    method: o.method, uri: o.uri, body: o.body ?? '',
  });
  const parts = [`username="${o.username}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${o.uri}"`];
  if (algorithm.label) parts.push(`algorithm=${algorithm.label}`);
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  if (params.opaque !== undefined) parts.push(`opaque="${params.opaque}"`);
  parts.push(`response="${response}"`);
  return `Digest ${parts.join(', ')}`;
}
