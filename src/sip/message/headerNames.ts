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
  const lower = name.trim().toLowerCase();
  return COMPACT[lower] ?? lower;
}

/** True when `a` and `b` name the same header (case-insensitive, compact forms understood). */
export function sameHeaderName(a: string, b: string): boolean {
  return canonicalHeaderName(a) === canonicalHeaderName(b);
}
