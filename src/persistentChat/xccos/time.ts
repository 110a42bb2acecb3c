// Hand-written because Date.parse is implementation-defined outside its one ISO form: servers send
// 7-digit fractions ("…17.6206356Z") and zone-less times, which XCCOS means as UTC (sipe appends Z).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses an XCCOS timestamp (ISO 8601; no zone → UTC). Undefined when it is not one. */
export function parseXccosTime(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
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

/** `%FT%TZ`: UTC, seconds resolution, as sipe sends `ts` (the server rejects posts without one). */
export function formatXccosTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
