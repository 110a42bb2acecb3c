/**
 * HTTP Negotiate (RFC 4559) for the Web Ticket service: `Authorization: Negotiate <base64>` with a
 * Kerberos GSS-API token (the AP-REQ, RFC 4121 InitialContextToken) for `HTTP/<service host>`, from
 * the user's own tickets through the OS's Kerberos (src/sip/auth/kerberos, loaded only here). The
 * Kerberos mechanism rather than SPNEGO: Windows' Negotiate package (IIS, which hosts a Lync pool's
 * web services) accepts a raw Kerberos token. Mutual authentication is asked for where the binding
 * can check it (GSSAPI): a `WWW-Authenticate: Negotiate <AP-REP>` on the final answer must verify
 * (the service then proved it holds the `HTTP/<host>` key); without one, the TLS certificate is the
 * service's proof, as for NTLM. Tokens are secrets: they go only into the Authorization header
 * (redacted by the logger), never a log line.
 */
import { LyncError } from '../../common/errors';
import { GssFailure } from '../auth/kerberos/gssStatus';
import { kerberosApi } from '../auth/kerberos/loader';
import type { MutualInitiation } from '../auth/kerberos/types';
import type { HttpAuthScheme } from './httpAuthScheme';

/** The first token and, with mutual authentication, the check of the service's answer. */
type Initiation = Pick<MutualInitiation, 'token' | 'dispose'> & { verify?: MutualInitiation['verify'] };

/** A host name as it may appear in a service principal (bounded, no separators). */
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$/;

export class NegotiateHttpAuth implements HttpAuthScheme {
  readonly name = 'Negotiate';

  private constructor(private readonly principal: string, private initiation: Initiation | undefined) {}

  /** The AP-REQ for `HTTP/<host>`; throws GssFailure when Kerberos cannot give one (no ticket, no KDC, unknown service…). */
  static async start(host: string): Promise<NegotiateHttpAuth> {
    if (!HOST.test(host)) throw new LyncError('ProtocolError', 'the Web Ticket service host name is not usable as a Kerberos service principal');
    const principal = `HTTP/${host.toLowerCase()}`;
    const api = kerberosApi();
    if (api.initiateMutual) return new NegotiateHttpAuth(principal, await api.initiateMutual(principal));
    const { token, context } = await api.initiate(principal);
    return new NegotiateHttpAuth(principal, { token, dispose: () => context.dispose() });
  }

  initial(): string {
    if (!this.initiation) throw new LyncError('ProtocolError', 'the Negotiate context was released');
    return `Negotiate ${this.initiation.token.toString('base64')}`;
  }

  /** A 401 with Negotiate data after the ticket: the service refused it (its side of a Kerberos context completes with the one token). */
  respond(): string {
    throw refused(this.principal);
  }

  /** The service's answer to a token that needed no answer: a refusal when it is another 401. */
  refused(): LyncError {
    return refused(this.principal);
  }

  /** The Negotiate data of the service's final `WWW-Authenticate`, if any: it must be the AP-REP for our ticket. */
  finish(data: string | undefined): void {
    if (data === undefined || !this.initiation?.verify) return;
    if (!this.initiation.verify(Buffer.from(data, 'base64'))) {
      throw new LyncError('AuthenticationFailed', `the Web Ticket service's HTTP Negotiate answer does not prove it is ${this.principal} (mutual authentication failed)`);
    }
  }

  dispose(): void {
    this.initiation?.dispose();
    this.initiation = undefined;
  }
}

function refused(principal: string): LyncError {
  return new LyncError('AuthenticationFailed', `the Web Ticket service refused the Kerberos ticket for ${principal} (HTTP Negotiate)`);
}

/** What a Kerberos that could not start means for the Web Ticket: an error naming Negotiate and the library's reason. */
export function negotiateFailed(error: GssFailure, host: string): LyncError {
  return new LyncError('AuthenticationFailed', `HTTP Negotiate (Kerberos) for HTTP/${host.toLowerCase()} could not start (${error.problem}): ${error.message}`);
}
