import { Emitter } from '../../common/events';
import { dedupe, KNOWN_IDS, MAX_HISTORY_FETCH, RoomEntry } from './roomEntry';
import type { RoomTable } from './roomTable';
import type { RoomMessage } from './types';

/**
 * Each message once per room, and the unread / mention counts against the per-room last-read
 * marker persisted with the followed rooms.
 */
export class ReadMarkers {
  readonly messages = new Emitter<RoomMessage>();

  constructor(private readonly table: RoomTable) {}

  /** A new message: delivered (onMessage) and counted unless it was seen already or is older history. */
  deliver(entry: RoomEntry, m: RoomMessage): void {
    if (entry.known.has(m.id)) return;
    // Pushed history older than what is already known is not news.
    if (entry.newest && m.time.getTime() < entry.newest.time.getTime() - 1000 && !m.own) {
      this.remember(entry, m);
      return;
    }
    this.remember(entry, m);
    entry.window.push(m);
    if (entry.window.length > MAX_HISTORY_FETCH) entry.window.splice(0, entry.window.length - MAX_HISTORY_FETCH);
    if (entry.followed && !m.own) {
      entry.unread++;
      if (m.mention) entry.mentions++;
    }
    this.messages.fire(m);
  }

  remember(entry: RoomEntry, m: RoomMessage): void {
    entry.known.add(m.id);
    if (entry.known.size > KNOWN_IDS) entry.known.delete(entry.known.values().next().value as string);
    if (!entry.newest || m.time.getTime() >= entry.newest.time.getTime()) entry.newest = m;
  }

  /** A room's first history in this process is the starting point: nothing delivered, unread counted from the marker. */
  baseline(entry: RoomEntry, page: RoomMessage[]): void {
    const markTime = entry.record.lastReadTime ? Date.parse(entry.record.lastReadTime) : undefined;
    const readIds = new Set(entry.record.lastReadIds ?? []);
    entry.unread = 0;
    entry.mentions = 0;
    for (const m of page) {
      this.remember(entry, m);
      if (entry.followed && markTime !== undefined && !m.own && isAfterMarker(m, markTime, readIds)) {
        entry.unread++;
        if (m.mention) entry.mentions++;
      }
    }
  }

  markRead(uri: string): void {
    const entry = this.table.get(uri);
    if (!entry) return;
    const newest = entry.newest;
    entry.unread = 0;
    entry.mentions = 0;
    if (newest) {
      const time = newest.time.toISOString();
      const ids = entry.window.filter((m) => m.time.getTime() === newest.time.getTime()).map((m) => m.id);
      entry.record = { ...entry.record, lastReadTime: time, lastReadIds: dedupe([...ids, newest.id]) };
    } else {
      entry.record = { ...entry.record, lastReadTime: new Date(0).toISOString(), lastReadIds: [] };
    }
    if (entry.followed) this.table.persist();
    this.table.fireChanged();
  }

  setMuted(uri: string, muted: boolean): void {
    const entry = this.table.get(uri);
    if (!entry) return;
    entry.record = { ...entry.record, muted: muted || undefined };
    if (entry.followed) this.table.persist();
    this.table.fireChanged();
  }
}

function isAfterMarker(m: RoomMessage, markTime: number, readIds: Set<string>): boolean {
  const t = m.time.getTime();
  return t > markTime || (t === markTime && !readIds.has(m.id));
}
