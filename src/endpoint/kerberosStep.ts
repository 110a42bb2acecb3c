/**
 * Starting MS-SIPAE Kerberos for a pool's offer: the AP-REQ for the service principal it names and
 * the security association the context completes (one token, integrity only), or why not.
 */
import { LyncError } from '../common/errors';
import type { Logger } from '../common/logger';
import { GssFailure } from '../sip/auth/kerberos/gssStatus';
import { initiateKerberos } from '../sip/auth/kerberos/kerberosIntegrity';
import { SecurityAssociation, SipaeParams } from '../sip/auth/sipae';
import { kerberosFailed } from './authErrors';

export type KerberosStart =
  | { kind: 'started'; token: Buffer; sa: SecurityAssociation }
  /** Not offered or not chosen; or (with `error`) it cannot start here (no ticket, realm or KDC) and NTLM may be tried. */
  | { kind: 'skipped'; error?: LyncError }
  /** Kerberos failed and nothing else may be tried unless the pool offers Digest/NTLM and the choice allows it. */
  | { kind: 'failed'; error: LyncError };

export type KerberosChoice = Exclude<KerberosStart, { kind: 'started' }> | { kind: 'sent'; value: (messageText: string) => string };

/** A principal as a pool names it: `sip/pool0.contoso.com` (bounded, no quotes or spaces). */
const TARGETNAME = /^[\w.-]{1,32}\/[\w.-]{1,200}(?:@[\w.-]{1,200})?$/;

/**
 * `fallBack`: an `auto` choice with a password to fall back on; then a Kerberos that cannot start
 * here is 'skipped' (logged). Any other Kerberos failure is 'failed' with its own reason.
 */
export async function startKerberos(params: Record<string, string>, options: { fallBack: boolean; logger: Logger }): Promise<KerberosStart> {
  const targetname = params.targetname ?? '';
  if (!TARGETNAME.test(targetname)) {
    return { kind: 'failed', error: new LyncError('ProtocolError', 'The server offered Kerberos without a usable service principal (targetname).', { retriable: false }) };
  }
  const version = params.version !== undefined && /^\d{1,2}$/.test(params.version) ? Number(params.version) : undefined;
  // echoed into our Authorization: a value that could break out of its quotes is not taken
  const realm = params.realm !== undefined && /^[^"\\\r\n]{1,128}$/.test(params.realm) ? params.realm : 'SIP Communications Service';
  const base: SipaeParams = { scheme: 'Kerberos', realm, targetname, version: version || undefined };
  try {
    const { token, integrity } = await initiateKerberos(targetname);
    options.logger.info(`Kerberos: ticket for ${targetname} obtained (association renewed after ${Math.round(integrity.renewAfterMs / 1000)} s)`);
    return { kind: 'started', token, sa: new SecurityAssociation('client', integrity, base) };
  } catch (error) {
    if (!(error instanceof GssFailure)) throw error;
    if (options.fallBack && (error.problem === 'noTicket' || error.problem === 'unavailable')) {
      options.logger.info(`Kerberos cannot start here (${error.problem}): trying NTLM`);
      return { kind: 'skipped', error: kerberosFailed(error, targetname) };
    }
    return { kind: 'failed', error: kerberosFailed(error, targetname) };
  }
}
