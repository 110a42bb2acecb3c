import type { FollowedRoomRecord, FollowedRoomStore } from './types';

/** The core's store: followed rooms for the life of the process. */
export class MemoryFollowedRoomStore implements FollowedRoomStore {
  private rooms: FollowedRoomRecord[];

  constructor(initial: FollowedRoomRecord[] = []) {
    this.rooms = initial.map((r) => ({ ...r }));
  }

  load(): FollowedRoomRecord[] {
    return this.rooms.map((r) => ({ ...r, lastReadIds: r.lastReadIds && [...r.lastReadIds] }));
  }

  save(rooms: FollowedRoomRecord[]): void {
    this.rooms = rooms.map((r) => ({ ...r, lastReadIds: r.lastReadIds && [...r.lastReadIds] }));
  }
}

/** Drops malformed records (a hand-edited file, an older version) instead of failing. */
export function sanitizeRecords(value: unknown): FollowedRoomRecord[] {
  if (!Array.isArray(value)) return [];
  const out: FollowedRoomRecord[] = [];
  const seen = new Set<string>();
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const r = item as Record<string, unknown>;
    if (typeof r.uri !== 'string' || !/^ma-chan:\/\/[^/]+\/.+/i.test(r.uri) || seen.has(r.uri.toLowerCase())) continue;
    seen.add(r.uri.toLowerCase());
    const record: FollowedRoomRecord = { uri: r.uri, name: typeof r.name === 'string' ? r.name : r.uri };
    if (typeof r.lastReadTime === 'string' && !Number.isNaN(Date.parse(r.lastReadTime))) record.lastReadTime = r.lastReadTime;
    if (Array.isArray(r.lastReadIds)) record.lastReadIds = r.lastReadIds.filter((x): x is string => typeof x === 'string').slice(0, 100);
    if (r.muted === true) record.muted = true;
    out.push(record);
  }
  return out;
}
