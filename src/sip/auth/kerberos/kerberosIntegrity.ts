/**
 * MS-SIPAE over Kerberos, the pieces above the native binding: the SA lifetime rule, and a GSS
 * context as the signing integrity of a SecurityAssociation (RFC 4121 / RFC 4757 MIC tokens over the
 * signature buffer, as pidgin-sipe's sip-sec-gssapi.c does).
 */
import { LyncError } from '../../../common/errors';
import type { SipaeIntegrity } from '../securityAssociation';
import { GssFailure } from './gssStatus';
import { kerberosApi } from './loader';
import type { GssApi, GssContext } from './types';

/** MS-SIPAE: an association lives at most 8 h, and is renewed 5 min before it ends (docs/protocol/sipae.md#re-authentication). */
const MAX_SA_SEC = 8 * 3600;
const RENEW_MARGIN_SEC = 300;
/** Never sooner than this after a handshake: a nearly expired ticket does not turn into a handshake storm. */
const MIN_RENEW_SEC = 10;

/**
 * When to renew an association whose ticket ends in `lifetimeSec`: min(ticket end, 8 h) − 5 min; a
 * ticket shorter than twice that margin is renewed halfway through its life (sipe would wait for the
 * end, when the ticket no longer works), and not sooner than MIN_RENEW_SEC.
 */
export function renewAfterSec(lifetimeSec: number): number {
  const life = lifetimeSec > 0 ? Math.min(lifetimeSec, MAX_SA_SEC) : MAX_SA_SEC;
  const renew = life > 2 * RENEW_MARGIN_SEC ? life - RENEW_MARGIN_SEC : life / 2;
  return Math.max(MIN_RENEW_SEC, Math.floor(renew));
}

export class KerberosIntegrity implements SipaeIntegrity {
  readonly renewAfterMs: number;

  constructor(private readonly context: GssContext) {
    this.renewAfterMs = renewAfterSec(context.lifetimeSec) * 1000;
  }

  /** The other side's principal (the acceptor: the client's `user@REALM`). */
  get peer(): string {
    return this.context.peer;
  }

  /** A context that can no longer sign (its ticket expired before the renewal) ends the session with a typed error. */
  sign(data: Buffer): Buffer {
    try {
      return this.context.getMic(data);
    } catch (error) {
      if (!(error instanceof GssFailure)) throw error;
      throw new LyncError('AuthenticationFailed', `The Kerberos security association can no longer sign (${error.text.slice(0, 200)}); sign in again.`, {
        retriable: true, auth: { reason: 'noTicket' }, cause: error,
      });
    }
  }

  verify(data: Buffer, signature: Buffer): boolean {
    return this.context.verifyMic(data, signature);
  }

  dispose(): void {
    this.context.dispose();
  }
}

/**
 * The client's AP-REQ for `targetname` (the pool's `sip/<fqdn>`) with the user's own ticket, and the
 * integrity of the context it completes. Throws GssFailure (its `problem` says why).
 */
export async function initiateKerberos(targetname: string, api: GssApi = kerberosApi()): Promise<{ token: Buffer; integrity: KerberosIntegrity }> {
  const { token, context } = await api.initiate(targetname);
  return { token, integrity: new KerberosIntegrity(context) };
}
