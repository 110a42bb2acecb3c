/** Small helpers to read parts of header values as written (no normalisation). */

/** Removes one pair of surrounding double quotes and RFC 3261 backslash escapes. */
export function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    const inner = v.slice(1, -1);
    return inner.includes('\\') ? inner.replace(/\\(.)/g, '$1') : inner;
  }
  return v;
}

/** Position of the name-addr's `<…>` (quoted display names skipped), or undefined when there are none before the first `;`/`,`. */
function findAngleBrackets(value: string): { open: number; close: number } | undefined {
  let inQuotes = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (inQuotes) {
      if (ch === '\\') i++;
      else if (ch === '"') inQuotes = false;
    } else if (ch === '"') {
      inQuotes = true;
    } else if (ch === '<') {
      const close = value.indexOf('>', i + 1);
      return { open: i, close: close < 0 ? value.length : close };
    } else if (ch === ';' || ch === ',') {
      return undefined;
    }
  }
  return undefined;
}

/** Splits on `;` and `,` outside double quotes. */
function splitParams(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '\\') i++;
      else if (ch === '"') inQuotes = false;
    } else if (ch === '"') {
      inQuotes = true;
    } else if (ch === ';' || ch === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * A header parameter's value, quoted or not: `tag` of `<sip:a@b>;tag=123;epid=x` → '123'.
 * Parameters inside `<…>` belong to the URI and are not looked at. Without angle brackets the
 * first `;`-separated part is the URI. A parameter without `=` gives ''. Absent → undefined.
 */
export function headerParam(value: string, param: string): string | undefined {
  const angle = findAngleBrackets(value);
  const params = splitParams(angle ? value.slice(angle.close + 1) : value);
  // without <…>, a first part with no `=` is the URI or header value itself (`sip:a@b;tag=1`, `7200;refresher=uac`)
  if (!angle && !(params[0] ?? '').includes('=')) params.shift();
  const wanted = param.toLowerCase();
  for (const raw of params) {
    let part = raw.trim();
    // an auth-param list starts with the scheme: `NTLM realm="x"`
    const space = part.search(/\s/);
    const eq = part.indexOf('=');
    if (space > 0 && (eq < 0 || space < eq)) part = part.slice(space).trim();
    const eq2 = part.indexOf('=');
    const name = (eq2 < 0 ? part : part.slice(0, eq2)).trim().toLowerCase();
    if (name === wanted) return eq2 < 0 ? '' : unquote(part.slice(eq2 + 1));
  }
  return undefined;
}

/** The URI of a name-addr: the text inside `<…>`, or up to the first `;` when there are no angle brackets. */
export function uriOfNameAddr(value: string): string {
  const angle = findAngleBrackets(value);
  if (angle) return value.slice(angle.open + 1, angle.close).trim();
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim();
}
