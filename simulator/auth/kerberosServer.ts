/**
 * The simulated pool's side of MS-SIPAE Kerberos: GSSAPI as the acceptor, with the pool's keytab
 * (KRB5_KTNAME, as a Windows front end uses its service account's keys). Test bed only; it uses the
 * client's binding (src/sip/auth/kerberos) from the other side.
 */
import { GssFailure } from '../../src/sip/auth/kerberos/gssStatus';
import { KerberosIntegrity } from '../../src/sip/auth/kerberos/kerberosIntegrity';
import { kerberosApi } from '../../src/sip/auth/kerberos/loader';

export type KerberosAcceptance = { ok: true; integrity: KerberosIntegrity } | { ok: false; why: string };

/** The context a client's AP-REQ establishes, or why it does not (a bad token, an unknown key, clock skew…). */
export function acceptKerberosToken(token: Buffer): KerberosAcceptance {
  if (token.length === 0) return { ok: false, why: 'empty Kerberos gssapi-data' };
  try {
    const { context } = kerberosApi().accept(token);
    return { ok: true, integrity: new KerberosIntegrity(context) };
  } catch (error) {
    return { ok: false, why: error instanceof GssFailure ? error.message : String(error) };
  }
}
