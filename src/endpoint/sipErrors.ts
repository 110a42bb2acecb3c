import type { SipResponse } from '../sip/sipStack';
import { LyncError } from '../common/errors';

/** The human part of `ms-diagnostics: 1008;reason="…";source="…"` or `Warning: 399 host "text"`. */
export function diagnosticsOf(response: SipResponse): string | undefined {
  const ms = response.header('ms-diagnostics') ?? response.header('ms-diagnostics-public');
  if (ms) {
    const reason = /reason="([^"]*)"/i.exec(ms)?.[1];
    const code = /^\s*(\d+)/.exec(ms)?.[1];
    return reason ? (code ? `${reason} (${code})` : reason) : ms.trim();
  }
  const warning = response.header('warning');
  if (warning) return /"([^"]*)"/.exec(warning)?.[1] ?? warning.trim();
  return undefined;
}

/** RFC 3261 §20.33 `Retry-After: 120 (comment);duration=…`, in ms; absent or unparsable = undefined. Bounded by the caller's policy. */
export function retryAfterOf(response: SipResponse): number | undefined {
  const seconds = /^\s*(\d{1,9})/.exec(response.header('retry-after') ?? '')?.[1];
  return seconds === undefined ? undefined : Number(seconds) * 1000;
}

/** Maps a failed final response to the typed error the user can act on. */
export function errorFromResponse(response: SipResponse, what: string): LyncError {
  const status = response.statusCode;
  const diagnostics = diagnosticsOf(response);
  const options = { sipStatus: status, diagnostics, retryAfterMs: retryAfterOf(response) };
  const suffix = diagnostics ? `: ${diagnostics}` : '';
  switch (status) {
    case 401:
    case 407:
      // Only reached after a new handshake was run and the resend was challenged again: the
      // password was accepted (a refused one fails the handshake itself, with 'passwordRefused').
      return new LyncError('AuthenticationFailed', `${what} was refused: the server asked to authenticate again (${status}) right after a new sign-in handshake${suffix}.`, { ...options, retriable: false, auth: { reason: 'challengeRepeated' } });
    case 403:
      return new LyncError('Rejected', `${what} was rejected by the server${suffix}.`, { ...options, retriable: false });
    case 404:
      return new LyncError('UserNotEnabled', `${what} failed: the user is not enabled for Lync (404)${suffix}.`, { ...options, retriable: false });
    case 408:
      return new LyncError('Timeout', `${what} timed out (408)${suffix}.`, options);
    case 480:
    case 500:
    case 503:
    case 504:
      return new LyncError('ServiceUnavailable', `${what} failed: the service is unavailable (${status})${suffix}.`, options);
    default:
      return new LyncError('ProtocolError', `${what} failed with ${status} ${response.reasonPhrase}${suffix}.`, options);
  }
}
