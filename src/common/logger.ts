/**
 * The one logger interface of the core. src/extension routes it to a LogOutputChannel, src/cli to
 * stderr. Every line goes through redact(): Authorization values, NTLM blobs and passwords never leave.
 */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A logger whose lines are tagged `[component]`. */
  child(component: string): Logger;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, line: string) => void;
/** Sees every line before redaction and level filtering (the diagnostics recorder, which redacts what it reports). */
export type LogTap = (level: LogLevel, rawLine: string) => void;

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

const REDACTIONS: ReadonlyArray<[RegExp, string]> = [
  // Authorization / Proxy-Authorization / WWW-Authenticate / Authentication-Info header values
  [/^((?:proxy-)?authorization|www-authenticate|proxy-authenticate|authentication-info)\s*:.*$/gim, '$1: <redacted>'],
  // gssapi-data="…", response="…", rspauth="…", nonce/cnonce anywhere (e.g. inside an error text)
  [/\b(gssapi-data|response|rspauth|cnonce|nonce)\s*=\s*"[^"]*"/gi, '$1="<redacted>"'],
  // bare NTLM messages (base64 of "NTLMSSP")
  [/TlRMTVNTUA[A-Za-z0-9+/=]*/g, '<redacted-ntlm>'],
  // Lync web tickets: the X-MS-WebTicket header value and any SAML assertion (the ticket itself)
  [/^(x-ms-webticket)\s*:.*$/gim, '$1: <redacted>'],
  [/<((?:[A-Za-z_][\w.-]{0,30}:)?)Assertion[\s/>][\s\S]*?(?:<\/\1Assertion\s*>|$)/g, '<redacted-assertion>'],
  [/(\bopaque=)P[A-Za-z0-9+/]{40,}={0,2}/g, '$1<redacted>'],
  // password=… in any key=value form
  [/\b(password|passphrase)\b(\s*[=:]\s*)("[^"]*"|\S+)/gi, '$1$2<redacted>'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A logger writing redacted lines to `sink`. `enabled` says which levels are wanted right now (e.g.
 * the VS Code channel's level); the rest cost nothing, not even redaction of a SIP message. `tap`
 * (optional) gets every line unredacted, to keep and redact only if it is ever shown.
 */
export function createLogger(sink: LogSink, component?: string, enabled: (level: LogLevel) => boolean = () => true, tap?: LogTap): Logger {
  const prefix = component ? `[${component}] ` : '';
  const write = (level: LogLevel) => (message: string) => {
    tap?.(level, prefix + message);
    if (enabled(level)) sink(level, prefix + redact(message));
  };
  return {
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (name) => createLogger(sink, component ? `${component}/${name}` : name, enabled, tap),
  };
}

/** From `minLevel` up. */
export function levelsFrom(minLevel: LogLevel): (level: LogLevel) => boolean {
  const min = LEVELS.indexOf(minLevel);
  return (level) => LEVELS.indexOf(level) >= min;
}

export const nullLogger: Logger = createLogger(() => undefined, undefined, () => false);
