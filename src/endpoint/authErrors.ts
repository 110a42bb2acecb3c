import { LyncError } from '../common/errors';
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
    : offered.some((s) => /^Kerberos$/i.test(s)) ? 'Kerberos (Windows single sign-on) is not supported by this client yet' : 'this client supports only NTLM and Digest';
  return new LyncError('AuthenticationFailed',
    `The server offers no authentication this client supports (offered: ${list}); ${why}. Ask your Lync administrator to enable NTLM authentication for this pool.`,
    { sipStatus: status, retriable: false, auth: { reason: 'noSupportedScheme', offered } });
}
