import { LyncError } from '../../common/errors';
import type { ChatMessage } from '../xccos/types';
import { joinRefusal } from './errors';
import { MessageModel, roomKey } from './messageModel';
import type { ReadMarkers } from './readMarkers';
import { DEFAULT_HISTORY, historyEndOf, MAX_HISTORY_FETCH, RoomEntry } from './roomEntry';
import type { RoomTable } from './roomTable';
import type { HistoryPage, RoomMessage } from './types';

/** A room's history (`cmd:bccontext`): catching up after a (re)join, and paging back, each message once. */
export class RoomHistory {
  constructor(private readonly table: RoomTable, private readonly model: MessageModel, private readonly markers: ReadMarkers) {}

  /**
   * Reads the room's history back to the newest message already seen and delivers what is newer,
   * then what was held while joining. A room seen for the first time in this process takes its
   * history as the starting point (nothing delivered), with unread counted from the last-read marker.
   */
  async catchUp(entry: RoomEntry, signal?: AbortSignal): Promise<void> {
    try {
      await this.readBack(entry, signal);
    } finally {
      // Whatever happened to the history read, the messages held meanwhile are not kept back.
      const held = entry.held ?? [];
      entry.held = undefined;
      for (const m of held) this.markers.deliver(entry, m);
      this.table.fireChanged();
    }
  }

  /** The last `count` messages, or `count` before `before` (an id from an earlier page). */
  async page(entry: RoomEntry, count: number, before: string | undefined, signal?: AbortSignal): Promise<HistoryPage> {
    if (before === undefined) {
      const page = await this.fetch(entry, count, signal);
      this.mergeWindow(entry, page, count);
      const historyEnd = historyEndOf(page.length, count);
      return historyEnd ? { messages: page, hasMore: false, historyEnd } : { messages: page, hasMore: true };
    }
    let index = entry.window.findIndex((m) => m.id === before);
    if (index < 0) throw new LyncError('InvalidSettings', `No message ${before} in the history read so far of ${entry.info.name}.`, { retriable: false });
    while (index < count && !entry.historyEnd) {
      // The newest messages up to `before`, and `count` more: bccontext only asks for the last N.
      const want = Math.min(MAX_HISTORY_FETCH, entry.window.length - index + count);
      const page = await this.fetch(entry, want, signal);
      const grew = page.length > entry.window.length;
      this.mergeWindow(entry, page, want);
      index = entry.window.findIndex((m) => m.id === before);
      if (!grew) entry.historyEnd ??= 'serverLimit';
      if (index < 0 || !grew) break;
    }
    // `before` no longer among the last messages the server returns: older ones are beyond its limit.
    if (index < 0) return { messages: [], hasMore: false, historyEnd: entry.historyEnd ?? 'serverLimit' };
    const start = Math.max(0, index - count);
    const messages = entry.window.slice(start, index);
    if (start > 0 || !entry.historyEnd) return { messages, hasMore: true };
    return { messages, hasMore: false, historyEnd: entry.historyEnd };
  }

  private async readBack(entry: RoomEntry, signal?: AbortSignal): Promise<void> {
    const anchor = entry.newest;
    let count = DEFAULT_HISTORY;
    let page: RoomMessage[] = [];
    for (;;) {
      page = await this.fetch(entry, count, signal);
      const found = anchor ? page.some((m) => m.id === anchor.id) : true;
      if (found || page.length < count || count >= MAX_HISTORY_FETCH) break;
      count = Math.min(MAX_HISTORY_FETCH, count * 4);
    }
    this.mergeWindow(entry, page, count);
    if (!anchor) {
      this.markers.baseline(entry, page);
    } else {
      const at = page.findIndex((m) => m.id === anchor.id);
      const fresh = at >= 0 ? page.slice(at + 1) : page.filter((m) => m.time.getTime() >= anchor.time.getTime());
      for (const m of fresh) this.markers.deliver(entry, m);
    }
  }

  private async fetch(entry: RoomEntry, count: number, signal?: AbortSignal): Promise<RoomMessage[]> {
    const chat = this.table.requireChat();
    let messages: ChatMessage[];
    try {
      messages = await chat.getRecentChatHistory(entry.uri, count, signal);
    } catch (error) {
      throw joinRefusal(error, entry.info.name);
    }
    const page: RoomMessage[] = [];
    const ids = new Set<string>();
    for (const m of messages) {
      if (roomKey(m.roomUri) !== roomKey(entry.uri)) continue;
      const message = this.model.toRoomMessage(m, entry.uri);
      if (ids.has(message.id)) continue;
      ids.add(message.id);
      page.push(message);
    }
    return page;
  }

  private mergeWindow(entry: RoomEntry, page: RoomMessage[], asked: number): void {
    if (page.length >= entry.window.length || entry.window.length === 0) {
      // The new page ends at the room's newest message: it replaces a shorter window (it contains it).
      entry.window = page;
    }
    // The start, once seen, stays; the server's limit may still give way to the start on a later reply.
    if (entry.historyEnd !== 'start') entry.historyEnd = historyEndOf(page.length, asked) ?? entry.historyEnd;
  }
}
