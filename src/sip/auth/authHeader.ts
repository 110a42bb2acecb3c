/** Parsing and formatting of `scheme param=value, …` auth header values (WWW-Authenticate, Authorization, Authentication-Info). */
import { unquote } from '../message/headerValues';

/** 'NTLM realm="x", version=4' → { scheme: 'NTLM', params: { realm: 'x', version: '4' } } (keys lower-cased, values unquoted). */
export function parseAuthHeader(value: string): { scheme: string; params: Record<string, string> } {
  const text = value.trim();
  const match = /^([A-Za-z0-9._-]+)(?:\s+|$)/.exec(text);
  // a value with no scheme (`realm="x", …`) is all parameters
  const hasScheme = match !== null && !text.slice(match[1]?.length ?? 0).trimStart().startsWith('=');
  const scheme = hasScheme && match ? (match[1] as string) : '';
  const rest = hasScheme && match ? text.slice(match[0].length) : text;
  return { scheme, params: parseAuthParams(rest) };
}

/** `a="x, y", b=2` → { a: 'x, y', b: '2' }; commas inside quotes are kept. */
export function parseAuthParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpaceOrComma(text.charCodeAt(i))) i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const name = text.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < text.length && text[i] === ' ') i++;
    let raw: string;
    if (text[i] === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      raw = text.slice(i, j + 1);
      i = j + 1;
    } else {
      const comma = text.indexOf(',', i);
      raw = text.slice(i, comma < 0 ? text.length : comma);
      i = comma < 0 ? text.length : comma;
    }
    if (name) params[name] = unquote(raw);
  }
  return params;
}

/** Formats `scheme k1="v1", k2=v2` from ordered pairs; `quoted: false` writes the value bare. */
export function formatAuthHeader(scheme: string, params: ReadonlyArray<[string, string, boolean?]>): string {
  return `${scheme} ${params.map(([k, v, quoted = true]) => (quoted ? `${k}="${v}"` : `${k}=${v}`)).join(', ')}`;
}

/** `/[\s,]/` without a regex call per character: ASCII by code, the rest (Unicode spaces) by the regex. */
function isSpaceOrComma(code: number): boolean {
  if (code < 0x80) return code === 0x20 || code === 0x2c || (code >= 0x09 && code <= 0x0d);
  return /\s/.test(String.fromCharCode(code));
}
