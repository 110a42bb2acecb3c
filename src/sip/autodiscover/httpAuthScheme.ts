/** What the Web Ticket client asks of an HTTP authentication scheme (httpAuth.ts: NTLM; negotiateHttpAuth.ts: Negotiate). */
import type { LyncError } from '../../common/errors';

/** One HTTP authentication scheme: the first leg, then the answer to each server challenge. */
export interface HttpAuthScheme {
  /** The `WWW-Authenticate` / `Authorization` scheme token, e.g. `NTLM`. */
  readonly name: string;
  /** The first `Authorization` value. */
  initial(): string;
  /** The `Authorization` value answering the server's challenge data (base64 after the scheme name). */
  respond(challenge: string): string;
  /** The error for a 401 without this scheme's data after the first leg (default: a refused password). */
  refused?(): LyncError;
  /** Checks this scheme's data in the final answer's `WWW-Authenticate` (Negotiate's mutual authentication); throws when it does not verify. */
  finish?(data: string | undefined): void;
  /** Releases what the scheme holds (a Kerberos context). */
  dispose?(): void;
}
