/** What the rest of the code sees of a Kerberos security context, whatever the platform's API (GSSAPI or SSPI). */
export interface GssContext {
  /** Seconds the context (the service ticket) stays valid, as the library reports it; 0 = unknown. */
  readonly lifetimeSec: number;
  /** The other side's principal (the acceptor learns the client's; the initiator holds the target). */
  readonly peer: string;
  /** RFC 4121 (or RFC 4757) MIC token over `message`. */
  getMic(message: Buffer): Buffer;
  /** Whether `token` is a valid MIC of `message` under this context (false for any malformed token). */
  verifyMic(message: Buffer, token: Buffer): boolean;
  dispose(): void;
}

export interface GssApi {
  /** Whether the user holds Kerberos credentials now (a ticket-granting ticket, a domain logon). */
  hasCredentials(): boolean;
  /**
   * The initiator's first and only token (the AP-REQ) for `target` (`sip/pool0.contoso.com`), with
   * the user's default credentials, integrity only, no mutual authentication: one token completes
   * the context, as MS-SIPAE Kerberos wants.
   */
  initiate(target: string): Promise<{ token: Buffer; context: GssContext }>;
  /**
   * HTTP Negotiate with mutual authentication (GSSAPI only): the AP-REQ for `target` asking for the
   * acceptor's AP-REP, and the check of that answer (false for anything but a valid AP-REP).
   */
  initiateMutual?(target: string): Promise<MutualInitiation>;
  /** The acceptor's side (the simulated pool): the context the client's token establishes, with the default keytab. */
  accept(token: Buffer): { context: GssContext; reply: Buffer };
}

/** An initiator context waiting for the acceptor's answer (RFC 4121 AP-REP). */
export interface MutualInitiation {
  readonly token: Buffer;
  /** Whether `reply` completes the context (the acceptor proved it holds the service key). Once only. */
  verify(reply: Buffer): boolean;
  dispose(): void;
}
