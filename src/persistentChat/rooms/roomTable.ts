import { LyncError } from '../../common/errors';
import { Emitter } from '../../common/events';
import type { Logger } from '../../common/logger';
import type { PersistentChatEndpoint } from '../persistentChatEndpoint';
import { notConnected } from './errors';
import { roomKey } from './messageModel';
import { newEntry, RoomEntry } from './roomEntry';
import type { FollowedRoomStore, RoomSessionState } from './types';

/**
 * The rooms the service tracks (followed, or joined without following), the chat endpoint they are
 * joined on, and the followed rooms' store: the state the rooms' parts share. It is the one owner
 * of each room's session state: only its mark… methods write it.
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

  /**
   * A chat endpoint is being established: every room that may be joined is Joining, holding live
   * messages until caught up. A new session does not know the posting right again (undefined) until
   * the server refuses a post in it: the refusal held for the session that ended.
   */
  markAllJoining(): void {
    for (const entry of this.entries.values()) {
      delete entry.info.canPost;
      if (entry.state !== 'Gone' && entry.state !== 'NoAccess') setState(entry, 'Joining');
      entry.held = [];
    }
  }

  /**
   * The chat endpoint ended: every room is NotJoined until the next connect, which joins them again
   * (rooms NoAccess/Gone keep their reason). Rooms joined on the endpoint directly are kept too.
   */
  markAllEnded(joinedOnEndpoint: readonly string[]): void {
    for (const uri of joinedOnEndpoint) {
      const entry = this.ensure(uri);
      if (entry.state === 'NotJoined') setState(entry, 'Joined');
    }
    for (const entry of this.entries.values()) {
      entry.participants.clear();
      entry.held = undefined;
      if (entry.state === 'Joined' || entry.state === 'Joining') setState(entry, 'NotJoined');
    }
  }

  /** A single room's join starts (it holds live messages until caught up). */
  markJoining(entry: RoomEntry): void {
    setState(entry, 'Joining');
    entry.held ??= [];
  }

  markJoined(entry: RoomEntry): void {
    entry.reason = undefined;
    setState(entry, 'Joined');
  }

  /** A join was refused: removed → NoAccess, deleted → Gone, anything else NotJoined; the reason is kept. */
  markRefused(entry: RoomEntry, reason: LyncError): void {
    entry.held = undefined;
    entry.reason = reason;
    setState(entry, reason.code === 'RoomNotFound' ? 'Gone' : reason.code === 'NotAMember' ? 'NoAccess' : 'NotJoined');
  }

  /** The server took the user out of the room. */
  markTakenOut(entry: RoomEntry, reason: LyncError): void {
    entry.participants.clear();
    entry.reason = reason;
    setState(entry, 'NotJoined');
  }

  /**
   * The user's right to post in the room. Only the server's refusal of a post says it (false): the
   * room is then read-only for the session (docs/protocol/xccos.md#room-roles).
   */
  markPostingRight(entry: RoomEntry, canPost: boolean): void {
    entry.info.canPost = canPost;
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

/** The one writer of RoomEntry.state (read-only everywhere else). */
function setState(entry: RoomEntry, state: RoomSessionState): void {
  (entry as { state: RoomSessionState }).state = state;
}
