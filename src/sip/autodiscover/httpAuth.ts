/**
 * HTTP authentication for the Web Ticket service ([MS-OCDISCWS] web ticket; RFC 4559 style
 * `Authorization: <scheme> <base64>` legs on one kept-alive connection): NTLM, and HTTP Negotiate
 * with Kerberos (negotiateHttpAuth.ts) first when the service offers it and the user's choice of
 * authentication allows it (see `chooseHttpAuthScheme`).
 */
import { hostname } from 'node:os';
import { LyncError } from '../../common/errors';
import { GssFailure } from '../auth/kerberos/gssStatus';
import { CLIENT_NTLM_VERSION, createAuthenticateMessage, decodeChallengeMessage, NtlmFlag, parseLogin } from '../auth/ntlm';
import { SIGNATURE, writeField } from '../auth/ntlmMessages';
import type { HttpAuthScheme } from './httpAuthScheme';
import { negotiateFailed, NegotiateHttpAuth } from './negotiateHttpAuth';

export type { HttpAuthScheme } from './httpAuthScheme';

export interface HttpCredential {
  /** `DOMAIN\user` or `user@domain`. */
  login: string;
  password: string;
  /** As for SIP: `auto` (default) Kerberos when offered and a ticket exists, else NTLM; `kerberos`; `ntlm`. */
  authentication?: 'auto' | 'kerberos' | 'ntlm';
}

/** A challenge without these cannot give an NTLMv2 AUTHENTICATE. */
const HTTP_NTLM_REQUIRED_FLAGS: ReadonlyArray<[string, number]> = [
  ['UNICODE', NtlmFlag.UNICODE], ['NTLM', NtlmFlag.NTLM], ['TARGET_INFO', NtlmFlag.TARGET_INFO],
];
const NEGOTIATE_FLAGS = (NtlmFlag.UNICODE | NtlmFlag.OEM | NtlmFlag.REQUEST_TARGET | NtlmFlag.NTLM | NtlmFlag.ALWAYS_SIGN |
  NtlmFlag.EXTENDED_SESSIONSECURITY | NtlmFlag.VERSION | NtlmFlag.NEGOTIATE_128 | NtlmFlag.KEY_EXCH | NtlmFlag.NEGOTIATE_56) >>> 0;

/** Connection-oriented NTLM ([MS-NLMP] 3.1.5.1): NEGOTIATE, then AUTHENTICATE for the CHALLENGE. */
export class NtlmHttpAuth implements HttpAuthScheme {
  readonly name = 'NTLM';
  private answered = false;
  constructor(private readonly credential: HttpCredential) {}

  initial(): string {
    return `NTLM ${negotiateMessage().toString('base64')}`;
  }

  respond(challenge: string): string {
    if (this.answered) throw new LyncError('AuthenticationFailed', 'The Web Ticket service refused the NTLM answer (wrong user name or password?).');
    this.answered = true;
    const decoded = decodeChallengeMessage(Buffer.from(challenge, 'base64'), HTTP_NTLM_REQUIRED_FLAGS);
    const login = parseLogin(this.credential.login);
    const { message } = createAuthenticateMessage(decoded, {
      user: login.user,
      domain: login.domain,
      password: this.credential.password,
      workstation: hostname().split('.')[0].toUpperCase().slice(0, 15),
    });
    return `NTLM ${message.toString('base64')}`;
  }
}

/** NEGOTIATE (type 1): flags and VERSION, no domain or workstation. */
function negotiateMessage(): Buffer {
  const message = Buffer.alloc(40);
  SIGNATURE.copy(message, 0);
  message.writeUInt32LE(1, 8);
  message.writeUInt32LE(NEGOTIATE_FLAGS, 12);
  writeField(message, 16, 0, 40);
  writeField(message, 24, 0, 40);
  CLIENT_NTLM_VERSION.copy(message, 32);
  return message;
}

/**
 * The scheme to use against a 401's `WWW-Authenticate` offers (for the service at `host`): HTTP
 * Negotiate when offered and the choice allows Kerberos, else NTLM when offered and allowed. In
 * `auto` with a password, a Kerberos that cannot start here (no ticket, realm or KDC) falls back to
 * NTLM; any other Kerberos failure is thrown (a LyncError naming Negotiate). Native code is loaded
 * only when Negotiate is tried.
 */
export async function chooseHttpAuthScheme(offers: readonly string[], credential: HttpCredential | undefined, host: string,
  step: (line: string) => void = () => undefined): Promise<HttpAuthScheme | undefined> {
  if (!credential) return undefined;
  const choice = credential.authentication ?? 'auto';
  const ntlm = choice !== 'kerberos' && offers.some((o) => /^ntlm$/i.test(o));
  if (choice === 'ntlm' || !offers.some((o) => /^negotiate$/i.test(o))) return ntlm ? new NtlmHttpAuth(credential) : undefined;
  try {
    return await NegotiateHttpAuth.start(host);
  } catch (error) {
    if (!(error instanceof GssFailure)) throw error;
    if (ntlm && choice === 'auto' && credential.password !== '' && (error.problem === 'noTicket' || error.problem === 'unavailable')) {
      step(`Web Ticket: HTTP Negotiate cannot start here (${error.problem}): trying NTLM`);
      return new NtlmHttpAuth(credential);
    }
    throw negotiateFailed(error, host);
  }
}

/** The scheme tokens of a `WWW-Authenticate` value (repeated headers joined with ", "). */
export function offeredSchemes(header: string | undefined): string[] {
  return (header ?? '').split(',').map((part) => part.trim().split(/\s+/)[0]).filter((t) => /^[A-Za-z][A-Za-z0-9_-]{0,30}$/.test(t)).slice(0, 16);
}

/** The base64 data after `scheme` in a `WWW-Authenticate` value, or undefined. */
export function challengeData(header: string | undefined, scheme: string): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const [name, data] = part.trim().split(/\s+/, 2);
    if (name?.toLowerCase() === scheme.toLowerCase() && data && /^[A-Za-z0-9+/=]{1,8192}$/.test(data)) return data;
  }
  return undefined;
}
