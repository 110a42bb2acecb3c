/** The simulated registrar's Digest mode: recomputes the response of a client's Authorization value. Test bed only. */
import { timingSafeEqual } from 'node:crypto';
import { parseAuthHeader } from '../../src/sip/auth/authHeader';
import { algorithmOf, digestResponse } from '../../src/sip/auth/digest';

export function verifyDigestAuthorization(authorizationValue: string,
  o: { password: string; method: string; realm: string; nonce: string; body?: string }): boolean {
  const { scheme, params } = parseAuthHeader(authorizationValue);
  if (scheme.toLowerCase() !== 'digest') return false;
  if (params.realm !== o.realm || params.nonce !== o.nonce) return false;
  const { username, uri, response } = params;
  if (username === undefined || uri === undefined || response === undefined || !/^[0-9a-fA-F]+$/.test(response)) return false;
  let algorithm: ReturnType<typeof algorithmOf>;
  try {
    algorithm = algorithmOf(params.algorithm);
  } catch {
    return false;
  }
  const qop = params.qop?.toLowerCase();
  if (qop !== undefined && qop !== 'auth' && qop !== 'auth-int') return false;
  if (qop && (params.nc === undefined || params.cnonce === undefined)) return false;
  const expected = digestResponse({
    hash: algorithm.hash, sess: algorithm.sess, username, realm: o.realm, password: o.password, nonce: o.nonce,
    cnonce: params.cnonce ?? '', nc: params.nc ?? '', qop, method: o.method, uri, body: o.body ?? '',
  });
  const got = Buffer.from(response.toLowerCase(), 'utf8');
  const want = Buffer.from(expected, 'utf8');
  return got.length === want.length && timingSafeEqual(got, want);
}
