/** RFC 3261 §7.3.3 compact header forms understood when looking headers up. */
const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id',
  f: 'from',
  t: 'to',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  v: 'via',
  k: 'supported',
  s: 'subject',
  e: 'content-encoding',
};

/** Lower-case long name of a header, expanding a compact form (`l` → `content-length`). */
export function canonicalHeaderName(name: string): string {
  let canonical = seen.get(name);
  if (canonical === undefined) {
    const lower = name.trim().toLowerCase();
    canonical = COMPACT[lower] ?? lower;
    // every message names the same few dozen headers; a flood of odd names stops being remembered
    if (seen.size < SEEN_NAMES) seen.set(name, canonical);
  }
  return canonical;
}

/** Names as written → canonical: the framer, the parser and every header lookup ask for the same ones. */
const seen = new Map<string, string>();
const SEEN_NAMES = 512;

/** True when `a` and `b` name the same header (case-insensitive, compact forms understood). */
export function sameHeaderName(a: string, b: string): boolean {
  return canonicalHeaderName(a) === canonicalHeaderName(b);
}
