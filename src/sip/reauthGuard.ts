import type { SecurityAssociation } from './auth/securityAssociation';
import type { SipResponse } from './sipResponse';

/** Runs a new sign-in handshake on the same connection (installs a new security association). */
export type Handshake = () => Promise<void>;

/**
 * A 401 or 407 to a request other than the REGISTER handshake, while signed in, means the pool
 * dropped the MS-SIPAE security association (or a proxy wants it renewed): run the handshake again
 * and resend the request once (MS-SIPAE: a 401 carrying a fresh offer restarts the handshake; the
 * connection accepts it unsigned, MS-SIPAE 3.2.5.2). Single flight: concurrent challenges share one
 * handshake, and a challenge to a request sent under an association that has since been replaced
 * is resent without another handshake. The second answer is final, whatever it is (bounded).
 */
export class ReauthGuard {
  private handshake: Handshake | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly currentSa: () => SecurityAssociation | undefined) {}

  /** Who renews the association (the signed-in endpoint); undefined: challenges are final. */
  setHandshake(handshake: Handshake | undefined): void {
    this.handshake = handshake;
  }

  /**
   * `attempt(0)`, and when it is challenged, the handshake then `attempt(1)` (a new transaction,
   * new CSeq, signed with the new association). Rejects with the handshake's error if it fails.
   */
  async send(attempt: (resend: boolean) => Promise<SipResponse>): Promise<SipResponse> {
    const sentUnder = this.currentSa();
    const first = await attempt(false);
    if (!(await this.renewed(first.statusCode, sentUnder))) return first;
    return attempt(true);
  }

  /** Runs the handshake now (an association about to expire), sharing one already under way; false without a handshake. */
  async renew(): Promise<boolean> {
    if (!this.handshake) return false;
    this.running ??= this.handshake().finally(() => { this.running = undefined; });
    await this.running;
    return true;
  }

  private async renewed(status: number, sentUnder: SecurityAssociation | undefined): Promise<boolean> {
    if ((status !== 401 && status !== 407) || !this.handshake) return false;
    const now = this.currentSa();
    if (!this.running && now !== undefined && now !== sentUnder) return true;
    this.running ??= this.handshake().finally(() => { this.running = undefined; });
    await this.running;
    return true;
  }
}
