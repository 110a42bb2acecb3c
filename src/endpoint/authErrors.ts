import { AuthFailureReason, LyncError } from '../common/errors';
import type { GssFailure, KerberosProblem } from '../sip/auth/kerberos/gssStatus';
import type { SipResponse } from '../sip/sipStack';
import { diagnosticsOf } from './sipErrors';

/** At most this many offered schemes are named, each a bounded token (the header is the server's). */
const MAX_SCHEMES = 4;
const MAX_SCHEME_LENGTH = 24;

/** The server refused the NTLM proof or the Digest response: the one failure that means a wrong password. */
export function passwordRefused(response: SipResponse, what: string): LyncError {
  const diagnostics = diagnosticsOf(response);
  return new LyncError('AuthenticationFailed', `${what} was refused: wrong user name or password${diagnostics ? `: ${diagnostics}` : ''}.`, {
    sipStatus: response.statusCode, diagnostics, retriable: false, auth: { reason: 'passwordRefused' },
  });
}

/** The scheme names of WWW-/Proxy-Authenticate values, as bounded tokens safe to show. */
export function offeredSchemes(challenges: readonly string[]): string[] {
  const names = challenges
    .map((c) => /^\s*([A-Za-z0-9._-]+)/.exec(c)?.[1]?.slice(0, MAX_SCHEME_LENGTH))
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)].slice(0, MAX_SCHEMES);
}

/**
 * The pool offers nothing this client can answer: name the schemes and what to ask for
 * (TLS-DSK needs a client certificate from the pool; Kerberos needs single sign-on, not built yet).
 */
export function noSupportedScheme(challenges: readonly string[], status: number): LyncError {
  const offered = offeredSchemes(challenges);
  const list = offered.join(', ') || 'none';
  const why = offered.some((s) => /^TLS-DSK$/i.test(s))
    ? 'TLS-DSK (certificate sign-in) is not supported by this client'
    : offered.some((s) => /^Kerberos$/i.test(s)) ? 'Kerberos single sign-on was turned off (authentication: ntlm)' : 'this client supports only NTLM, Kerberos and Digest';
  return new LyncError('AuthenticationFailed',
    `The server offers no authentication this client supports (offered: ${list}); ${why}. Ask your Lync administrator to enable NTLM authentication for this pool.`,
    { sipStatus: status, retriable: false, auth: { reason: 'noSupportedScheme', offered } });
}

/** Kerberos problems as the user reads them; each keeps any stored password (none of them says it is wrong). */
const KERBEROS: Record<KerberosProblem, { reason: AuthFailureReason; text: (target: string) => string }> = {
  noTicket: { reason: 'noTicket', text: () => 'Kerberos single sign-on found no valid ticket for you: sign in to your domain (or run kinit), and check with klist' },
  unavailable: { reason: 'kerberosUnavailable', text: () => 'Kerberos single sign-on cannot start on this computer (no Kerberos library, realm or KDC)' },
  clockSkew: { reason: 'clockSkew', text: () => 'Kerberos refused the sign-in because this computer\'s clock differs too much from the domain\'s: correct the clock (or its time zone) and sign in again' },
  unknownService: { reason: 'unknownServicePrincipal', text: (target) => `the domain's KDC does not know the pool's service principal ${target}: ask your administrator to register it` },
  userRefused: { reason: 'kerberosRefused', text: () => 'the domain refused a Kerberos ticket for your account (unknown, disabled or expired)' },
  other: { reason: 'kerberosUnavailable', text: () => 'Kerberos single sign-on failed' },
};

/** A failed Kerberos start (no ticket, clock skew, unknown service principal…), with its own reason. */
export function kerberosFailed(failure: GssFailure, targetname: string): LyncError {
  const kind = KERBEROS[failure.problem];
  const detail = failure.text.slice(0, 300);
  return new LyncError('AuthenticationFailed', `Sign-in with Kerberos failed: ${kind.text(boundedToken(targetname))}${detail ? ` (${detail})` : ''}.`, {
    retriable: false, auth: { reason: kind.reason }, cause: failure,
  });
}

/**
 * Single sign-on was tried without a password, and the pool answers only with NTLM or Digest: nothing
 * is sent (an empty password would count as a failed logon against the account).
 */
export function passwordNeeded(status: number): LyncError {
  return new LyncError('AuthenticationFailed', 'The server did not offer Kerberos single sign-on, and no password was given for NTLM or Digest.', {
    sipStatus: status, retriable: false, auth: { reason: 'credentialsMissing' },
  });
}

/** The pool answered our Kerberos ticket with a new offer: it does not accept this user. Never a wrong password. */
export function kerberosRefusedByPool(response: SipResponse): LyncError {
  const diagnostics = diagnosticsOf(response);
  return new LyncError('AuthenticationFailed', `Sign-in with Kerberos was refused by the pool: your ticket is valid but the pool does not accept this account${diagnostics ? `: ${diagnostics}` : ''}.`, {
    sipStatus: response.statusCode, diagnostics, retriable: false, auth: { reason: 'kerberosRefused' },
  });
}

function boundedToken(text: string): string {
  return text.replace(/[^\w./@:-]/g, '?').slice(0, 128);
}
