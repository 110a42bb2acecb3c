import type { MessageLogEntry, SimulatedLyncPool } from '../../simulator/pool';

/** The pool's message log position, to count from. */
export const lastSeq = (pool: SimulatedLyncPool): number => pool.messageLog.at(-1)?.seq ?? 0;

/**
 * A request nothing on a measured path waits for: the batched presence SUBSCRIBE for a joined
 * room's members (src/endpoint/presence/presenceBatch.ts), sent once the room is joined; whether
 * the pool has read it when a figure's run ends is timing, not a round trip of the figure.
 */
export const isBackground = (m: MessageLogEntry): boolean => m.firstLine.startsWith('SUBSCRIBE ') && /^Event:[ \t]*presence[ \t]*$/im.test(m.text);

/**
 * Sequential round trips a client waited for since `from`, counted at the pool: its requests (every
 * one but ACK and background ones) grouped by the socket read that brought them. Requests from one
 * read were all written before the pool answered any of them, so they share one round trip; requests
 * the client sent together may still arrive in two reads (counted as two), so the count never
 * flatters the client. `to`: the last message counted (default: all since `from`).
 */
export function sequentialRoundTrips(pool: SimulatedLyncPool, from: number, to = Infinity): number {
  const reads = new Set<string>();
  for (const m of pool.messageLog) {
    if (m.seq <= from || m.seq > to || m.direction !== 'in' || /^(ACK |SIP\/2\.0 )/.test(m.firstLine) || isBackground(m)) continue;
    reads.add(`${m.connectionId}:${m.read ?? m.seq}`);
  }
  return reads.size;
}

/** Requests (not ACK) the client sent since `from`, overlapping or not. */
export function clientRequests(pool: SimulatedLyncPool, from: number): number {
  return pool.messageLog.filter((m) => m.seq > from && m.direction === 'in' && !/^(ACK |SIP\/2\.0 )/.test(m.firstLine)).length;
}
