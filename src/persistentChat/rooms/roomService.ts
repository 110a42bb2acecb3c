import { DisposableStore, Event } from '../../common/events';
import { Logger, nullLogger } from '../../common/logger';
import type { PersistentChatEndpoint } from '../persistentChatEndpoint';
import { MemoryFollowedRoomStore } from './followedRoomStore';
import { LiveEvents } from './liveEvents';
import { MessageModel, roomKey, SelfIdentity } from './messageModel';
import { ReadMarkers } from './readMarkers';
import { clampCount, DEFAULT_HISTORY, snapshot, toRoomInfo } from './roomEntry';
import { RoomHistory } from './roomHistory';
import { RoomJoiner } from './roomJoiner';
import { RoomPoster } from './roomPoster';
import { RoomTable } from './roomTable';
import type { FollowedRoom, FollowedRoomStore, HistoryPage, ParticipantsChanged, RoomInfo, RoomMessage, RoomService, RoomSessionState } from './types';

export interface RoomServiceOptions extends SelfIdentity {
  store?: FollowedRoomStore;
  logger?: Logger;
}

/**
 * The rooms model over a ChatConnection: one instance for the connection's lifetime, attached to
 * each PersistentChatEndpoint the connection establishes. Followed rooms are re-joined with the
 * endpoint's one `cmd:bjoin`; after a reconnect each one's history is read back to the newest
 * message already seen, so what was posted while disconnected arrives once, in order.
 * The work is done by its parts: RoomJoiner, RoomHistory, RoomPoster, ReadMarkers, LiveEvents.
 */
export class RoomServiceImpl implements RoomService {
  private readonly disposables = new DisposableStore();
  private attachment = new DisposableStore();
  private readonly table: RoomTable;
  private readonly markers: ReadMarkers;
  private readonly historyReader: RoomHistory;
  private readonly joiner: RoomJoiner;
  private readonly poster: RoomPoster;
  private readonly live: LiveEvents;
  private settling: Promise<void> = Promise.resolve();
  private readonly model: MessageModel;

  readonly onDidChangeFollowed: Event<void>;
  readonly onMessage: Event<RoomMessage>;
  readonly onParticipantsChanged: Event<ParticipantsChanged>;

  constructor(options: RoomServiceOptions) {
    const model = new MessageModel({ uri: options.uri, displayName: options.displayName });
    this.model = model;
    this.table = new RoomTable(options.store ?? new MemoryFollowedRoomStore(), (options.logger ?? nullLogger).child('rooms'));
    this.markers = new ReadMarkers(this.table);
    this.historyReader = new RoomHistory(this.table, model, this.markers);
    this.joiner = new RoomJoiner(this.table, this.historyReader, this.markers);
    this.poster = new RoomPoster(this.table, model, this.joiner, this.markers);
    this.live = new LiveEvents(this.table, model, this.markers, this.joiner);
    for (const e of [this.table.changed, this.markers.messages, this.live.participants]) this.disposables.add(e);
    this.onDidChangeFollowed = this.table.changed.event;
    this.onMessage = this.markers.messages.event;
    this.onParticipantsChanged = this.live.participants.event;
  }

  /** The user's display name from the pool's contact card: mentions of it are noticed too. */
  setSelfDisplayName(displayName: string | undefined): void {
    this.model.setDisplayName(displayName);
  }

  get followed(): readonly FollowedRoom[] {
    return [...this.table.entries.values()].filter((e) => e.followed).map(snapshot);
  }

  get messageSizeLimit(): number | undefined {
    return this.table.sizeLimit;
  }

  isFollowed(uri: string): boolean {
    return this.table.get(uri)?.followed === true;
  }

  /** Where the user stands in a room the service tracks (followed, or joined without following). */
  stateOf(uri: string): RoomSessionState | undefined {
    return this.table.get(uri)?.state;
  }

  /** Followed rooms and rooms joined with join(), to join with the endpoint's establish (one `cmd:bjoin`). */
  rejoinList(): string[] {
    return [...this.table.entries.values()].filter((e) => e.state !== 'Gone' && e.state !== 'NoAccess').map((e) => e.uri);
  }

  /** Rooms joined now (also those joined straight on the endpoint). */
  joinedUris(): string[] {
    const uris = [...this.table.entries.values()].filter((e) => e.state === 'Joined').map((e) => e.uri);
    for (const uri of this.table.chat?.joinedRooms ?? []) if (!uris.some((u) => roomKey(u) === roomKey(uri))) uris.push(uri);
    return uris;
  }

  // ---- connection lifecycle (called by ChatConnection) ----

  /** A new chat endpoint is about to establish: listen to it (the history pushed after bjoin arrives during establish). */
  attach(chat: PersistentChatEndpoint): void {
    this.detach();
    this.table.chat = chat;
    this.attachment = this.live.listen(chat);
    this.table.markAllJoining();
    this.table.fireChanged();
  }

  /** The endpoint is established: record the rooms it joined, learn why others were refused, catch up on history. */
  connected(signal?: AbortSignal): Promise<void> {
    this.settling = this.joiner.joinAndCatchUp(signal);
    return this.settling;
  }

  /** Resolves once the rooms of the last connect are joined (or refused) and caught up. */
  settled(): Promise<void> {
    return this.settling.catch(() => undefined);
  }

  /**
   * The endpoint ended: every room is NotJoined until the next connect, which joins them again
   * (rooms NoAccess/Gone keep their reason). Rooms joined on the endpoint directly are kept too.
   */
  detach(): void {
    this.attachment.dispose();
    const chat = this.table.chat;
    if (!chat) return;
    this.table.chat = undefined;
    this.table.markAllEnded(chat.joinedRooms);
    this.table.fireChanged();
  }

  // ---- RoomService ----

  async find(query: string, signal?: AbortSignal): Promise<RoomInfo[]> {
    const chat = this.table.requireChat();
    const rooms = await chat.browseChatRooms(query.trim(), signal);
    const limit = this.table.searchLimit ?? rooms.length;
    return rooms.slice(0, limit).map(toRoomInfo);
  }

  follow(uris: string[], signal?: AbortSignal): Promise<FollowedRoom[]> {
    return this.joiner.follow(uris, signal);
  }

  unfollow(uri: string, signal?: AbortSignal): Promise<void> {
    return this.joiner.unfollow(uri, signal);
  }

  /** Joins without following (history, post, tail); the room's messages reach onMessage until leave() or the connection ends. */
  join(uris: string[], signal?: AbortSignal): Promise<RoomInfo[]> {
    return this.joiner.join(uris, signal);
  }

  /** Leaves a room joined with join(); a followed room stays followed (use unfollow). */
  leave(uri: string, signal?: AbortSignal): Promise<void> {
    return this.joiner.leave(uri, signal);
  }

  async history(uri: string, options: { count?: number; before?: string } = {}, signal?: AbortSignal): Promise<HistoryPage> {
    const count = clampCount(options.count ?? DEFAULT_HISTORY);
    const entry = await this.joiner.ensureJoined(uri, signal);
    return this.historyReader.page(entry, count, options.before, signal);
  }

  post(uri: string, text: string, signal?: AbortSignal): Promise<RoomMessage> {
    return this.poster.post(uri, text, signal);
  }

  markRead(uri: string): void {
    this.markers.markRead(uri);
  }

  setMuted(uri: string, muted: boolean): void {
    this.markers.setMuted(uri, muted);
  }

  dispose(): void {
    this.attachment.dispose();
    this.table.chat = undefined;
    this.disposables.dispose();
  }
}
