import { LyncError } from '../../common/errors';
import { Emitter } from '../../common/events';
import type { Logger } from '../../common/logger';
import type { PersistentChatEndpoint } from '../persistentChatEndpoint';
import { notConnected } from './errors';
import { roomKey } from './messageModel';
import { newEntry, RoomEntry } from './roomEntry';
import type { FollowedRoomStore } from './types';

/**
 * The rooms the service tracks (followed, or joined without following), the chat endpoint they are
 * joined on, and the followed rooms' store: the state the rooms' parts share.
 */
export class RoomTable {
  readonly entries = new Map<string, RoomEntry>();
  readonly changed = new Emitter<void>();
  chat: PersistentChatEndpoint | undefined;
  /** The server's post size limit and search limit, once connected. */
  sizeLimit: number | undefined;
  searchLimit: number | undefined;

  constructor(private readonly store: FollowedRoomStore, readonly logger: Logger) {
    for (const record of store.load()) this.entries.set(roomKey(record.uri), newEntry(record.uri, record.name, true, record));
  }

  get(uri: string): RoomEntry | undefined {
    return this.entries.get(roomKey(uri));
  }

  ensure(uri: string): RoomEntry {
    const key = roomKey(uri);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = newEntry(uri.trim(), uri.trim(), false);
      this.entries.set(key, entry);
    }
    return entry;
  }

  delete(uri: string): void {
    this.entries.delete(roomKey(uri));
  }

  /** A room joined only for a while is forgotten once it is not joined. */
  dropIfUnfollowed(entry: RoomEntry): void {
    if (!entry.followed && entry.state !== 'Joined') this.delete(entry.uri);
  }

  requireChat(): PersistentChatEndpoint {
    if (!this.chat || this.chat.state !== 'Established') throw notConnected();
    return this.chat;
  }

  persist(): void {
    try {
      this.store.save([...this.entries.values()].filter((e) => e.followed).map((e) => ({ ...e.record, uri: e.uri, name: e.info.name })));
    } catch (error) {
      this.logger.warn(`saving the followed rooms failed: ${LyncError.from(error).message}`);
    }
  }

  fireChanged(): void {
    this.changed.fire();
  }
}
