/**
 * GSSAPI status codes and what they mean to a user: no ticket, no KDC, clock skew, an unknown
 * service principal, a refused user. The minor codes are MIT krb5's com_err table (krb5_err.h,
 * base -1765328384), which Heimdal (macOS) shares for the protocol errors.
 */

export interface GssStatus {
  major: number;
  /** Signed 32-bit minor status (a krb5 error code). */
  minor: number;
}

/** Why Kerberos could not be used, as the sign-in code acts on it. */
export type KerberosProblem =
  /** No credentials for the realm: no ticket (kinit / a domain logon), or it expired. */
  | 'noTicket'
  /** Kerberos cannot start here: no library, no realm configured, no KDC reachable. */
  | 'unavailable'
  /** The client's clock and the KDC's (or the pool's) differ by more than the allowed skew. */
  | 'clockSkew'
  /** The KDC does not know the service principal the pool names (`sip/<fqdn>`). */
  | 'unknownService'
  /** The KDC or the pool refused this user. */
  | 'userRefused'
  | 'other';

const KRB5_BASE = -1765328384;
const KDC_ERR_C_PRINCIPAL_UNKNOWN = KRB5_BASE + 6;
const KDC_ERR_S_PRINCIPAL_UNKNOWN = KRB5_BASE + 7;
const KDC_ERR_POLICY = KRB5_BASE + 12;
const KDC_ERR_CLIENT_REVOKED = KRB5_BASE + 18;
const KDC_ERR_KEY_EXPIRED = KRB5_BASE + 23;
const AP_ERR_TKT_EXPIRED = KRB5_BASE + 32;
const AP_ERR_SKEW = KRB5_BASE + 37;
const KRB5_KDCREP_SKEW = -1765328236;
const KRB5_CC_NOTFOUND = -1765328243;
const KRB5_FCC_NOFILE = -1765328189;
const KRB5_CC_NOSUPP = -1765328137;
const KRB5_REALM_UNKNOWN = -1765328230;
const KRB5_KDC_UNREACH = -1765328228;
const KRB5_CONFIG_NODEFREALM = -1765328160;
const KRB5_REALM_CANT_RESOLVE = -1765328164;
const KRB5_ERR_HOST_REALM_UNKNOWN = -1765328167;

const GSS_S_NO_CRED = 7 << 16;
const GSS_S_CREDENTIALS_EXPIRED = 11 << 16;

const BY_MINOR = new Map<number, KerberosProblem>([
  [KDC_ERR_C_PRINCIPAL_UNKNOWN, 'userRefused'],
  [KDC_ERR_CLIENT_REVOKED, 'userRefused'],
  [KDC_ERR_POLICY, 'userRefused'],
  [KDC_ERR_KEY_EXPIRED, 'userRefused'],
  [KDC_ERR_S_PRINCIPAL_UNKNOWN, 'unknownService'],
  [AP_ERR_TKT_EXPIRED, 'noTicket'],
  [AP_ERR_SKEW, 'clockSkew'],
  [KRB5_KDCREP_SKEW, 'clockSkew'],
  [KRB5_CC_NOTFOUND, 'noTicket'],
  [KRB5_FCC_NOFILE, 'noTicket'],
  [KRB5_CC_NOSUPP, 'noTicket'],
  [KRB5_REALM_UNKNOWN, 'unavailable'],
  [KRB5_KDC_UNREACH, 'unavailable'],
  [KRB5_CONFIG_NODEFREALM, 'unavailable'],
  [KRB5_REALM_CANT_RESOLVE, 'unavailable'],
  [KRB5_ERR_HOST_REALM_UNKNOWN, 'unavailable'],
]);

/** What a failed GSSAPI call means (the routine error of the major status first, then the mechanism's minor code). */
export function classify(status: GssStatus): KerberosProblem {
  const byMinor = BY_MINOR.get(status.minor);
  if (byMinor) return byMinor;
  const routine = status.major & 0x00ff0000;
  if (routine === GSS_S_NO_CRED || routine === GSS_S_CREDENTIALS_EXPIRED) return 'noTicket';
  return 'other';
}

/** A failed GSSAPI (or SSPI) call: the call, its status, the library's own text (bounded, control characters removed). */
export class GssFailure extends Error {
  readonly problem: KerberosProblem;

  constructor(readonly call: string, readonly status: GssStatus, readonly text: string, problem?: KerberosProblem) {
    super(`${call} failed${text ? `: ${text}` : ''}`);
    this.name = 'GssFailure';
    this.problem = problem ?? (call === 'load' ? 'unavailable' : classify(status));
  }
}
