import { LyncError } from '../common/errors';
import { escapeControls, safeJson } from '../common/escape';

/** One line per event: human text, or one JSON object per line with --json. */
export class CliOutput {
  constructor(private readonly json: boolean, private readonly out: NodeJS.WritableStream = process.stdout) {}

  state(endpoint: 'user' | 'application' | 'chat', state: string, reason?: LyncError): void {
    if (this.json) {
      this.write({ type: 'state', endpoint, state, ...(reason ? { reason: { code: reason.code, message: reason.message } } : {}) });
    } else {
      this.line(`${endpoint}: ${state}${reason ? ` (${reason.message})` : ''}`);
    }
  }

  error(error: LyncError): void {
    if (this.json) {
      this.write({
        type: 'error', code: error.code, message: error.message,
        ...(error.sipStatus ? { sipStatus: error.sipStatus } : {}),
        ...(error.diagnostics ? { diagnostics: error.diagnostics } : {}),
        ...(error.auth ? { auth: error.auth.reason } : {}),
      });
    } else {
      this.line(`error: ${error.message}${hint(error)}`);
    }
  }

  event(type: string, payload: Record<string, unknown>, text: string): void {
    if (this.json) this.write({ type, ...payload });
    else this.line(text);
  }

  private write(value: unknown): void {
    this.out.write(`${safeJson(value)}\n`);
  }

  private line(text: string): void {
    // Server text (reasons, diagnostics, room names) may hold terminal escapes: never print them raw.
    this.out.write(`${escapeControls(text)}\n`);
  }
}

/** What the user can do about it (CLI wording; the extension has its own). */
export function hint(error: LyncError): string {
  switch (error.code) {
    case 'AuthenticationFailed': return authHint(error);
    case 'CertificateUntrusted': return '\n  → pass the issuing CA with --ca file.pem.';
    case 'CertificateNameMismatch': return '\n  → use the server name on its certificate in --server.';
    case 'ServerNotFound': return '\n  → check --server, or the DNS records of your SIP domain.';
    case 'ConnectionFailed': return '\n  → check --server, --transport and that the port is reachable.';
    case 'UserNotEnabled': return '\n  → ask your administrator to enable the account for Lync.';
    case 'PersistentChatDisabled': return '\n  → Persistent Chat is not enabled for this account.';
    default: return '';
  }
}

/** AuthenticationFailed: only a refused password sends the user to the user name and password. */
function authHint(error: LyncError): string {
  switch (error.auth?.reason) {
    case 'noSupportedScheme': return '\n  → ask your Lync administrator to enable NTLM authentication for this pool.';
    case 'challengeRepeated': return '\n  → the password was accepted; try again, and if it persists, send a --diagnostics report to your administrator.';
    case 'handshakeIncomplete': return '\n  → try again; if it persists, send a --diagnostics report to your administrator.';
    case 'noTicket': return '\n  → sign in to your domain or run kinit, check with klist; or use --auth ntlm with LYNC_PASSWORD.';
    case 'clockSkew': return '\n  → correct this computer\'s clock, then sign in again.';
    case 'unknownServicePrincipal': return '\n  → ask your administrator to register the pool\'s service principal; meanwhile --auth ntlm.';
    case 'kerberosRefused': return '\n  → ask your administrator whether your account is enabled for Lync (your ticket is valid).';
    case 'kerberosUnavailable': return '\n  → Kerberos is not set up on this computer: use --auth ntlm with LYNC_PASSWORD.';
    default: return '\n  → check the user name (CONTOSO\\alice or alice@contoso.com) and LYNC_PASSWORD.';
  }
}
