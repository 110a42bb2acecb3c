/**
 * Bounds for every interval a server (or anything between it and us) supplies: Contact `expires=`,
 * `Session-Expires`, `ms-keep-alive: timeout=`, `Retry-After`. None is covered by the MS-SIPAE
 * signature, and Node turns a timer above 2^31−1 ms into a 1 ms one — so an unbounded value is a
 * request storm. Each is clamped to at most a day (an hour for keep-alives) and at least a second
 * (the refresh logic then sends at most a couple of requests a second), and a missing or
 * unreadable value takes the usual Lync value.
 */
export interface IntervalBounds {
  /** Seconds. */
  min: number;
  /** Seconds. */
  max: number;
  /** Seconds, used when the value is absent, not a number, or not finite. */
  fallback: number;
}

/** REGISTER expiry (Lync grants 900–7200 s; the client refreshes before it runs out). */
export const REGISTRATION_EXPIRES: IntervalBounds = { min: 1, max: 24 * 3600, fallback: 900 };
/** Session-Expires on a chat dialog (Lync: 720 s). */
export const SESSION_EXPIRES: IntervalBounds = { min: 1, max: 24 * 3600, fallback: 720 };
/** ms-keep-alive timeout= (Lync: 300 s). */
export const KEEP_ALIVE: IntervalBounds = { min: 1, max: 3600, fallback: 300 };
/** Retry-After on 503/480: never longer than the Reconnector's own cap. */
export const RETRY_AFTER: IntervalBounds = { min: 0, max: 600, fallback: 0 };

/** `value` (seconds, possibly a header's text) clamped to `bounds`; the fallback when unusable. */
export function clampSeconds(value: number | string | undefined | null, bounds: IntervalBounds): number {
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (n === undefined || n === null || !Number.isFinite(n)) return bounds.fallback;
  return Math.min(bounds.max, Math.max(bounds.min, n));
}

/** The same, in milliseconds, for setTimeout (always within Node's 2^31−1 ms limit). */
export function clampMs(valueSeconds: number | string | undefined | null, bounds: IntervalBounds): number {
  return Math.round(clampSeconds(valueSeconds, bounds) * 1000);
}
