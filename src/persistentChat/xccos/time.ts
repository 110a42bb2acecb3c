// Hand-written because Date.parse is implementation-defined outside its one ISO form: servers send
// 7-digit fractions ("…17.6206356Z") and zone-less times, which XCCOS means as UTC (sipe appends Z).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses an XCCOS timestamp (ISO 8601; no zone → UTC). Undefined when it is not one. */
export function parseXccosTime(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const fast = canonicalTime(value);
  if (fast !== undefined) return new Date(fast);
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let time = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    time -= sign * offset * 60_000;
  }
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function digits(value: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The form every live message carries, `YYYY-MM-DDTHH:MM:SS[.fff…]Z`, read without a regular
 * expression (a third of a message's decode); anything else is left to the general pattern.
 */
function canonicalTime(value: string): number | undefined {
  const length = value.length;
  if (length < 20 || value.charCodeAt(length - 1) !== 0x5a /* Z */ || value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d
    || value.charCodeAt(10) !== 0x54 || value.charCodeAt(13) !== 0x3a || value.charCodeAt(16) !== 0x3a) return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 24 || minute < 0 || minute > 59 || second < 0 || second > 60) return undefined;
  let ms = 0;
  if (length > 20) {
    // `.` then 1–9 digits; the fraction is truncated to milliseconds as the general path does.
    const fraction = length - 21;
    if (value.charCodeAt(19) !== 0x2e || fraction < 1 || fraction > 9) return undefined;
    const all = digits(value, 20, fraction);
    if (all < 0) return undefined;
    ms = Math.floor(all / 10 ** (fraction - 3));
    if (fraction < 3) ms = all * 10 ** (3 - fraction);
  }
  const time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return Number.isNaN(time) ? undefined : time;
}

/** `%FT%TZ`: UTC, seconds resolution, as sipe sends `ts` (the server rejects posts without one). */
export function formatXccosTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
