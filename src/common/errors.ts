/** Every failure the core reports. User messages are made from these only in src/extension and src/cli. */
export type LyncErrorCode =
  | 'AuthenticationFailed'
  | 'UserNotEnabled'
  | 'Rejected'
  | 'ServiceUnavailable'
  | 'ServerNotFound'
  | 'ConnectionFailed'
  | 'ConnectionLost'
  | 'CertificateUntrusted'
  | 'CertificateNameMismatch'
  | 'CertificateInvalid'
  | 'SignatureInvalid'
  | 'Timeout'
  | 'PersistentChatDisabled'
  | 'ProtocolError'
  | 'CommandFailed'
  | 'Aborted'
  | 'InvalidSettings'
  /** Rooms: the user is not a member of a closed or secret room (ask a room manager to add you). */
  | 'NotAMember'
  /** Rooms: the room does not exist (any more). */
  | 'RoomNotFound'
  /** Rooms: the server refused a post (read-only room, not a presenter, or not joined). */
  | 'PostNotAllowed'
  /** Rooms: a post longer than the server's messageSizeLimit (refused before sending). */
  | 'MessageTooLarge';

/** Causes a Reconnector may retry: the network, the server being busy, a lost session. */
const RETRIABLE: ReadonlySet<LyncErrorCode> = new Set<LyncErrorCode>([
  'ServiceUnavailable', 'ServerNotFound', 'ConnectionFailed', 'ConnectionLost', 'Timeout', 'ProtocolError',
]);

/**
 * Why authentication failed, for the code that must act on it: only 'passwordRefused' (the server
 * refused the NTLM proof or Digest response) means the password is wrong.
 */
export type AuthFailureReason =
  /** The server refused the password (NTLM proof or Digest response). */
  | 'passwordRefused'
  /** No password to sign in with (none stored, none given). */
  | 'credentialsMissing'
  /** The pool offers no scheme this client supports (only TLS-DSK, only Kerberos…). */
  | 'noSupportedScheme'
  /** The server still asked to authenticate after a completed new handshake (the resend was refused too). */
  | 'challengeRepeated'
  /** The handshake did not reach an answer within its bounded number of rounds. */
  | 'handshakeIncomplete'
  /** Kerberos: no ticket for the realm (no domain logon, no kinit, or it expired). */
  | 'noTicket'
  /** Kerberos: this computer's clock and the KDC's differ by more than the allowed skew. */
  | 'clockSkew'
  /** Kerberos: the KDC does not know the service principal the pool names (`sip/<fqdn>`). */
  | 'unknownServicePrincipal'
  /** Kerberos: the KDC or the pool refused this user's ticket. */
  | 'kerberosRefused'
  /** Kerberos cannot start on this computer (no GSSAPI/SSPI, no realm, no KDC reachable). */
  | 'kerberosUnavailable';

export interface AuthFailure {
  reason: AuthFailureReason;
  /** 'noSupportedScheme': the schemes the server offered (bounded tokens, safe to show). */
  offered?: readonly string[];
}

export interface LyncErrorOptions {
  sipStatus?: number;
  /** ms-diagnostics / Warning reason, or an XCCOS `<resp>` text. */
  diagnostics?: string;
  /** XCCOS `<resp code>` when the failure is a chat server reply. */
  xccosCode?: number;
  retriable?: boolean;
  /** The server's Retry-After (503/480), in ms: a Reconnector waits at least this long. */
  retryAfterMs?: number;
  /** AuthenticationFailed: why (never matched on message text). */
  auth?: AuthFailure;
  cause?: unknown;
}

/**
 * Marks LyncErrors across bundles: the extension's shell and its lazily loaded core
 * (dist/extension.js, dist/core.js) each carry their own copy of this class.
 */
const BRAND = Symbol.for('lync-persistent-chat.LyncError');

export class LyncError extends Error {
  readonly [BRAND] = true;
  readonly code: LyncErrorCode;
  readonly sipStatus?: number;
  readonly diagnostics?: string;
  readonly xccosCode?: number;
  readonly retriable: boolean;
  readonly retryAfterMs?: number;
  readonly auth?: AuthFailure;

  constructor(code: LyncErrorCode, message: string, options: LyncErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'LyncError';
    this.code = code;
    this.sipStatus = options.sipStatus;
    this.diagnostics = options.diagnostics;
    this.xccosCode = options.xccosCode;
    this.retriable = options.retriable ?? RETRIABLE.has(code);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.auth !== undefined) this.auth = options.auth;
  }

  static is(value: unknown, code?: LyncErrorCode): value is LyncError {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
      && (code === undefined || (value as LyncError).code === code);
  }

  /** Wraps anything thrown into a LyncError, keeping LyncErrors as they are. */
  static from(value: unknown, fallback: LyncErrorCode = 'ProtocolError'): LyncError {
    if (LyncError.is(value)) return value;
    if (isAbortError(value)) return new LyncError('Aborted', 'The operation was cancelled.', { cause: value });
    const message = value instanceof Error ? value.message : String(value);
    return new LyncError(fallback, message, { cause: value });
  }
}

export function isAbortError(value: unknown): boolean {
  return value instanceof Error && (value.name === 'AbortError' || (value as { code?: string }).code === 'ABORT_ERR');
}
