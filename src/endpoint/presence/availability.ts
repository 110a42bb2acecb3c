/**
 * Lync's presence availability: one number whose range says the state (docs/protocol/presence.md).
 * 3000–4499 Available, 4500–5999 Inactive (idle), 6000–8999 Busy (7500–8999 busy and idle),
 * 9000–11999 Do not disturb, 12000–14999 Be right back, 15000–17999 Away, 18000 and more Offline.
 */
export type Availability = 'available' | 'busy' | 'doNotDisturb' | 'away' | 'offline';

const RANGES: readonly [upTo: number, availability: Availability][] = [
  [2999, 'offline'],
  [4499, 'available'],
  [5999, 'away'], // Inactive: shown as away, as the Lync client shows it in yellow
  [8999, 'busy'],
  [11999, 'doNotDisturb'],
  [17999, 'away'], // Be right back and Away
];

/** The state for an availability number; anything not a whole number in range is undefined. */
export function availabilityOf(value: number): Availability | undefined {
  if (!Number.isSafeInteger(value) || value < 0 || value > 999_999) return undefined;
  for (const [upTo, availability] of RANGES) if (value <= upTo) return availability;
  return 'offline';
}
