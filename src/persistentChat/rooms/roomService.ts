import { LyncError } from '../../common/errors';
import { DisposableStore, Emitter } from '../../common/events';
import { Logger, nullLogger } from '../../common/logger';
import type { PersistentChatEndpoint } from '../persistentChatEndpoint';
import type { ChatMessage, ChatRoomListing, ChatRoomSummary, JoinedRoom } from '../xccos/types';
import { joinRefusal, notConnected, postRefusal, tooLarge } from './errors';
import { MemoryFollowedRoomStore } from './followedRoomStore';
import { MessageModel, roomKey, sameUser, SelfIdentity } from './messageModel';
import type {
  FollowedRoom, FollowedRoomRecord, FollowedRoomStore, HistoryPage, ParticipantsChanged, RoomInfo, RoomMessage,
  RoomService, RoomSessionState,
} from './types';

export interface RoomServiceOptions extends SelfIdentity {
  store?: FollowedRoomStore;
  logger?: Logger;
}

/** Ids remembered per room to deliver each message once (a bounded, insertion-ordered set). */
const KNOWN_IDS = 5000;
/** Messages held per room while it is being (re)joined and caught up. */
const HELD_MESSAGES = 2000;
/** The largest history asked for (catching up after a reconnect, paging back): a reply must fit in one SIP message (1 MB). */
const MAX_HISTORY_FETCH = 2000;
const DEFAULT_HISTORY = 25;

/** One room the service tracks: followed, or joined for a while (history, post, tail) without following. */
interface RoomEntry {
  uri: string;
  info: RoomInfo;
  followed: boolean;
  record: FollowedRoomRecord;
  state: RoomSessionState;
  reason?: LyncError;
  participants: Set<string>;
  unread: number;
  mentions: number;
  known: Set<string>;
  newest?: RoomMessage;
  /** Live messages received while the room is joining or catching up. */
  held?: RoomMessage[];
  /** The history fetched so far, oldest first, for paging. */
  window: RoomMessage[];
  reachedStart: boolean;
}

/**
 * The rooms model over a ChatConnection: one instance for the connection's lifetime, attached to
 * each PersistentChatEndpoint the connection establishes. Followed rooms are re-joined with the
 * endpoint's one `cmd:bjoin`; after a reconnect each one's history is read back to the newest
 * message already seen, so what was posted while disconnected arrives once, in order.
 */
export class RoomServiceImpl implements RoomService {
  private readonly disposables = new DisposableStore();
  private attachment = new DisposableStore();
  private readonly changedEmitter = new Emitter<void>();
  private readonly messageEmitter = new Emitter<RoomMessage>();
  private readonly participantsEmitter = new Emitter<ParticipantsChanged>();
  private readonly entries = new Map<string, RoomEntry>();
  private readonly store: FollowedRoomStore;
  private readonly logger: Logger;
  private readonly model: MessageModel;
  private chat: PersistentChatEndpoint | undefined;
  private sizeLimit: number | undefined;
  private searchLimit: number | undefined;
  private settling: Promise<void> = Promise.resolve();

  readonly onDidChangeFollowed = this.changedEmitter.event;
  readonly onMessage = this.messageEmitter.event;
  readonly onParticipantsChanged = this.participantsEmitter.event;

  constructor(options: RoomServiceOptions) {
    this.store = options.store ?? new MemoryFollowedRoomStore();
    this.logger = (options.logger ?? nullLogger).child('rooms');
    this.model = new MessageModel(options);
    for (const e of [this.changedEmitter, this.messageEmitter, this.participantsEmitter]) this.disposables.add(e);
    for (const record of this.store.load()) this.entries.set(roomKey(record.uri), this.newEntry(record.uri, record.name, true, record));
  }

  get followed(): readonly FollowedRoom[] {
    return [...this.entries.values()].filter((e) => e.followed).map((e) => this.snapshot(e));
  }

  get messageSizeLimit(): number | undefined {
    return this.sizeLimit;
  }

  isFollowed(uri: string): boolean {
    return this.entries.get(roomKey(uri))?.followed === true;
  }

  /** Where the user stands in a room the service tracks (followed, or joined without following). */
  stateOf(uri: string): RoomSessionState | undefined {
    return this.entries.get(roomKey(uri))?.state;
  }

  /** Followed rooms and rooms joined with join(), to join with the endpoint's establish (one `cmd:bjoin`). */
  rejoinList(): string[] {
    return [...this.entries.values()].filter((e) => e.state !== 'Gone' && e.state !== 'NoAccess').map((e) => e.uri);
  }

  /** Rooms joined now (also those joined straight on the endpoint). */
  joinedUris(): string[] {
    const uris = [...this.entries.values()].filter((e) => e.state === 'Joined').map((e) => e.uri);
    for (const uri of this.chat?.joinedRooms ?? []) if (!uris.some((u) => roomKey(u) === roomKey(uri))) uris.push(uri);
    return uris;
  }

  // ---- connection lifecycle (called by ChatConnection) ----

  /** A new chat endpoint is about to establish: listen to it (the history pushed after bjoin arrives during establish). */
  attach(chat: PersistentChatEndpoint): void {
    this.detach();
    this.chat = chat;
    const scope = new DisposableStore();
    this.attachment = scope;
    scope.add(chat.onMessageReceived((m) => this.received(m)));
    scope.add(chat.onParticipantChanged((c) => this.participantChange(c.roomUri, c.kind, c.users)));
    scope.add(chat.onRemovedFromRoom((r) => void this.removed(r.roomUri)));
    for (const entry of this.entries.values()) {
      if (entry.state !== 'Gone' && entry.state !== 'NoAccess') this.setState(entry, 'Joining');
      entry.held = [];
    }
    this.fireChanged();
  }

  /** The endpoint is established: record the rooms it joined, learn why others were refused, catch up on history. */
  connected(signal?: AbortSignal): Promise<void> {
    this.settling = this.joinAndCatchUp(signal);
    return this.settling;
  }

  /** Resolves once the rooms of the last connect are joined (or refused) and caught up. */
  settled(): Promise<void> {
    return this.settling.catch(() => undefined);
  }

  private async joinAndCatchUp(signal?: AbortSignal): Promise<void> {
    const chat = this.chat;
    if (!chat) return;
    this.sizeLimit = chat.serverInfo?.messageSizeLimit;
    this.searchLimit = chat.serverInfo?.searchLimit;
    const work: Promise<void>[] = [];
    for (const entry of [...this.entries.values()]) {
      if (entry.state !== 'Joining') continue;
      const joined = chat.getJoinedRoom(entry.uri);
      if (joined) {
        this.joinedAs(entry, joined);
        work.push(this.catchUp(entry, signal));
      } else {
        // The bjoin left it out: join it alone to learn why (not a member, gone) or to retry.
        work.push(this.joinOne(entry, signal).then(() => this.catchUp(entry, signal)).catch((error) => this.refused(entry, error)));
      }
    }
    await Promise.all(work);
  }

  /**
   * The endpoint ended: every room is NotJoined until the next connect, which joins them again
   * (rooms NoAccess/Gone keep their reason). Rooms joined on the endpoint directly are kept too.
   */
  detach(): void {
    this.attachment.dispose();
    const chat = this.chat;
    if (!chat) return;
    this.chat = undefined;
    for (const uri of chat.joinedRooms) {
      const entry = this.ensureEntry(uri);
      if (entry.state === 'NotJoined') entry.state = 'Joined';
    }
    for (const entry of this.entries.values()) {
      entry.participants.clear();
      entry.held = undefined;
      if (entry.state === 'Joined' || entry.state === 'Joining') this.setState(entry, 'NotJoined');
    }
    this.fireChanged();
  }

  // ---- RoomService ----

  async find(query: string, signal?: AbortSignal): Promise<RoomInfo[]> {
    const chat = this.requireChat();
    const rooms = await chat.browseChatRooms(query.trim(), signal);
    const limit = this.searchLimit ?? rooms.length;
    return rooms.slice(0, limit).map(toRoomInfo);
  }

  async follow(uris: string[], signal?: AbortSignal): Promise<FollowedRoom[]> {
    const chat = this.requireChat();
    const wanted = dedupe(uris);
    const fresh = wanted.filter((uri) => this.entries.get(roomKey(uri))?.state !== 'Joined');
    let firstRefusal: LyncError | undefined;
    if (fresh.length > 1) {
      const joined = await chat.joinChatRooms(fresh, signal).catch((error) => {
        if (!LyncError.is(error, 'CommandFailed')) throw error;
        return [] as JoinedRoom[];
      });
      for (const uri of fresh) {
        const room = joined.find((r) => roomKey(r.uri) === roomKey(uri)) ?? chat.getJoinedRoom(uri);
        const entry = this.ensureEntry(uri);
        if (room) {
          this.joinedAs(entry, room);
          await this.catchUp(entry, signal);
        } else {
          try {
            await this.joinOne(entry, signal);
            await this.catchUp(entry, signal);
          } catch (error) {
            firstRefusal ??= joinRefusal(error, entry.info.name);
            this.dropIfUnfollowed(entry);
          }
        }
      }
    } else if (fresh.length === 1) {
      const entry = this.ensureEntry(fresh[0]);
      try {
        await this.joinOne(entry, signal);
        await this.catchUp(entry, signal);
      } catch (error) {
        this.dropIfUnfollowed(entry);
        throw joinRefusal(error, entry.info.name);
      }
    }
    for (const uri of wanted) {
      const entry = this.entries.get(roomKey(uri));
      if (!entry || entry.state !== 'Joined' || entry.followed) continue;
      entry.followed = true;
      entry.record = { ...entry.record, uri: entry.uri, name: entry.info.name };
      if (!entry.record.lastReadTime) this.markRead(entry.uri);
    }
    this.persist();
    this.fireChanged();
    if (firstRefusal) throw firstRefusal;
    return wanted.map((uri) => this.entries.get(roomKey(uri))).filter((e): e is RoomEntry => !!e).map((e) => this.snapshot(e));
  }

  async unfollow(uri: string, signal?: AbortSignal): Promise<void> {
    const key = roomKey(uri);
    const entry = this.entries.get(key);
    if (!entry) return;
    if (this.chat && entry.state === 'Joined') {
      try {
        await this.chat.leaveChatRoom(entry.uri, signal);
      } catch (error) {
        const e = joinRefusal(error, entry.info.name);
        if (e.code !== 'RoomNotFound' && e.code !== 'NotAMember') throw e;
      }
    }
    this.entries.delete(key);
    this.persist();
    this.fireChanged();
  }

  /** Joins without following (history, post, tail); the room's messages reach onMessage until leave() or the connection ends. */
  async join(uris: string[], signal?: AbortSignal): Promise<RoomInfo[]> {
    this.requireChat();
    const out: RoomInfo[] = [];
    for (const uri of dedupe(uris)) out.push((await this.ensureJoined(uri, signal)).info);
    return out;
  }

  /** Leaves a room joined with join(); a followed room stays followed (use unfollow). */
  async leave(uri: string, signal?: AbortSignal): Promise<void> {
    const entry = this.entries.get(roomKey(uri));
    if (!entry || entry.followed) return;
    this.entries.delete(roomKey(uri));
    if (this.chat && entry.state === 'Joined') await this.chat.leaveChatRoom(entry.uri, signal).catch(() => undefined);
  }

  async history(uri: string, options: { count?: number; before?: string } = {}, signal?: AbortSignal): Promise<HistoryPage> {
    const count = clampCount(options.count ?? DEFAULT_HISTORY);
    const entry = await this.ensureJoined(uri, signal);
    if (options.before === undefined) {
      const page = await this.fetch(entry, count, signal);
      this.mergeWindow(entry, page, count);
      return { messages: page, hasMore: !(page.length < count) };
    }
    let index = entry.window.findIndex((m) => m.id === options.before);
    if (index < 0) throw new LyncError('InvalidSettings', `No message ${options.before} in the history read so far of ${entry.info.name}.`, { retriable: false });
    while (index < count && !entry.reachedStart) {
      // The newest messages up to `before`, and `count` more: bccontext only asks for the last N.
      const want = Math.min(MAX_HISTORY_FETCH, entry.window.length - index + count);
      const page = await this.fetch(entry, want, signal);
      const grew = page.length > entry.window.length;
      this.mergeWindow(entry, page, want);
      index = entry.window.findIndex((m) => m.id === options.before);
      if (index < 0 || !grew || want >= MAX_HISTORY_FETCH) {
        if (want >= MAX_HISTORY_FETCH || !grew) entry.reachedStart = true;
        break;
      }
    }
    if (index < 0) return { messages: [], hasMore: false };
    const start = Math.max(0, index - count);
    return { messages: entry.window.slice(start, index), hasMore: start > 0 || !entry.reachedStart };
  }

  async post(uri: string, text: string, signal?: AbortSignal): Promise<RoomMessage> {
    this.requireChat();
    const body = text.replace(/\r\n|\r/g, '\n');
    if (body.trim() === '') throw new LyncError('InvalidSettings', 'There is nothing to post: the message is empty.', { retriable: false });
    const name = this.entries.get(roomKey(uri))?.info.name ?? uri;
    if (this.sizeLimit !== undefined && body.length > this.sizeLimit) throw tooLarge(name, body.length, this.sizeLimit);
    const entry = await this.ensureJoined(uri, signal);
    const chat = this.requireChat();
    let stored: ChatMessage;
    try {
      stored = await chat.sendChatMessage(entry.uri, body, signal);
    } catch (error) {
      const e = postRefusal(error, entry.info.name);
      if (e.code === 'PostNotAllowed') {
        entry.info.canPost = false;
        this.fireChanged();
      }
      throw e;
    }
    const message = this.model.toRoomMessage(stored, entry.uri);
    if (!entry.known.has(message.id)) entry.window.push(message);
    this.remember(entry, message);
    if (entry.followed) this.markRead(entry.uri);
    return message;
  }

  markRead(uri: string): void {
    const entry = this.entries.get(roomKey(uri));
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
    if (entry.followed) this.persist();
    this.fireChanged();
  }

  setMuted(uri: string, muted: boolean): void {
    const entry = this.entries.get(roomKey(uri));
    if (!entry) return;
    entry.record = { ...entry.record, muted: muted || undefined };
    if (entry.followed) this.persist();
    this.fireChanged();
  }

  dispose(): void {
    this.attachment.dispose();
    this.chat = undefined;
    this.disposables.dispose();
  }

  // ---- internals ----

  private requireChat(): PersistentChatEndpoint {
    if (!this.chat || this.chat.state !== 'Established') throw notConnected();
    return this.chat;
  }

  private newEntry(uri: string, name: string, followed: boolean, record?: FollowedRoomRecord): RoomEntry {
    return {
      uri,
      info: { uri, name },
      followed,
      record: record ?? { uri, name },
      state: 'NotJoined',
      participants: new Set(),
      unread: 0,
      mentions: 0,
      known: new Set(),
      window: [],
      reachedStart: false,
    };
  }

  private ensureEntry(uri: string): RoomEntry {
    const key = roomKey(uri);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.newEntry(uri.trim(), uri.trim(), false);
      this.entries.set(key, entry);
    }
    return entry;
  }

  private dropIfUnfollowed(entry: RoomEntry): void {
    if (!entry.followed && entry.state !== 'Joined') this.entries.delete(roomKey(entry.uri));
  }

  private async ensureJoined(uri: string, signal?: AbortSignal): Promise<RoomEntry> {
    const entry = this.ensureEntry(uri);
    if (entry.state === 'Joined' && this.chat?.getJoinedRoom(entry.uri)) return entry;
    try {
      await this.joinOne(entry, signal);
      await this.catchUp(entry, signal);
    } catch (error) {
      this.dropIfUnfollowed(entry);
      throw joinRefusal(error, entry.info.name);
    }
    return entry;
  }

  private async joinOne(entry: RoomEntry, signal?: AbortSignal): Promise<void> {
    const chat = this.requireChat();
    if (entry.state !== 'Joining') this.setState(entry, 'Joining');
    entry.held ??= [];
    const room = await chat.joinChatRoom(entry.uri, signal);
    if (!chat.getJoinedRoom(entry.uri)) throw new LyncError('CommandFailed', `The server did not join ${entry.uri}.`, { retriable: false });
    this.joinedAs(entry, room);
  }

  private joinedAs(entry: RoomEntry, room: JoinedRoom): void {
    if (room.name && room.name !== room.uri) entry.info.name = room.name;
    if (room.topic !== undefined) entry.info.description = room.topic;
    entry.participants = new Set([...room.managers, ...room.members]);
    entry.reason = undefined;
    entry.state = 'Joined';
    if (entry.followed && entry.record.name !== entry.info.name) {
      entry.record = { ...entry.record, name: entry.info.name };
      this.persist();
    }
  }

  private refused(entry: RoomEntry, error: unknown): void {
    const e = joinRefusal(error, entry.info.name);
    entry.held = undefined;
    entry.reason = e;
    this.setState(entry, e.code === 'RoomNotFound' ? 'Gone' : e.code === 'NotAMember' ? 'NoAccess' : 'NotJoined');
    this.logger.warn(`${entry.info.name}: ${e.message}`);
    this.fireChanged();
  }

  private async fetch(entry: RoomEntry, count: number, signal?: AbortSignal): Promise<RoomMessage[]> {
    const chat = this.requireChat();
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
    if (page.length < asked) entry.reachedStart = true;
  }

  /**
   * Reads the room's history back to the newest message already seen and delivers what is newer,
   * then what was held while joining. A room seen for the first time in this process takes its
   * history as the starting point (nothing delivered), with unread counted from the last-read marker.
   */
  private async catchUp(entry: RoomEntry, signal?: AbortSignal): Promise<void> {
    try {
      await this.readBack(entry, signal);
    } finally {
      // Whatever happened to the history read, the messages held meanwhile are not kept back.
      const held = entry.held ?? [];
      entry.held = undefined;
      for (const m of held) this.deliver(entry, m);
      this.fireChanged();
    }
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
      this.baseline(entry, page);
    } else {
      const at = page.findIndex((m) => m.id === anchor.id);
      const fresh = at >= 0 ? page.slice(at + 1) : page.filter((m) => m.time.getTime() >= anchor.time.getTime());
      for (const m of fresh) this.deliver(entry, m);
    }
  }

  private baseline(entry: RoomEntry, page: RoomMessage[]): void {
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

  /** A message from the endpoint (live, or history it was pushed). */
  private received(message: ChatMessage): void {
    const entry = this.entries.get(roomKey(message.roomUri));
    if (!entry) return;
    const m = this.model.toRoomMessage(message, entry.uri);
    if (entry.held) {
      if (entry.held.length < HELD_MESSAGES) entry.held.push(m);
      return;
    }
    if (entry.state !== 'Joined') return;
    this.deliver(entry, m);
    this.fireChanged();
  }

  private deliver(entry: RoomEntry, m: RoomMessage): void {
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
    this.messageEmitter.fire(m);
  }

  private remember(entry: RoomEntry, m: RoomMessage): void {
    entry.known.add(m.id);
    if (entry.known.size > KNOWN_IDS) entry.known.delete(entry.known.values().next().value as string);
    if (!entry.newest || m.time.getTime() >= entry.newest.time.getTime()) entry.newest = m;
  }

  private participantChange(roomUri: string, kind: 'join' | 'part', users: string[]): void {
    const entry = this.entries.get(roomKey(roomUri));
    if (!entry) return;
    const joined: string[] = [];
    const left: string[] = [];
    for (const user of users) {
      const present = [...entry.participants].find((p) => sameUser(p, user));
      if (kind === 'join' && !present) {
        entry.participants.add(user);
        joined.push(user);
      } else if (kind === 'part' && present) {
        entry.participants.delete(present);
        left.push(user);
      }
    }
    if (joined.length || left.length) {
      this.participantsEmitter.fire({ roomUri: entry.uri, joined, left });
      this.fireChanged();
    }
  }

  /** The server took the user out of a joined room: ask again to learn why (removed → NoAccess, deleted → Gone). */
  private async removed(roomUri: string): Promise<void> {
    const entry = this.entries.get(roomKey(roomUri));
    if (!entry) return;
    entry.participants.clear();
    this.setState(entry, 'NotJoined');
    entry.reason = new LyncError('ConnectionLost', `You were taken out of ${entry.info.name}.`);
    this.fireChanged();
    try {
      await this.joinOne(entry, undefined);
      await this.catchUp(entry, undefined);
    } catch (error) {
      this.refused(entry, error);
    }
  }

  private setState(entry: RoomEntry, state: RoomSessionState): void {
    entry.state = state;
  }

  private snapshot(entry: RoomEntry): FollowedRoom {
    const room: FollowedRoom = {
      ...entry.info,
      state: entry.state,
      unread: entry.unread,
      mentions: entry.mentions,
      muted: entry.record.muted === true,
      participants: [...entry.participants],
    };
    if (entry.reason) room.reason = entry.reason;
    return room;
  }

  private persist(): void {
    try {
      this.store.save([...this.entries.values()].filter((e) => e.followed).map((e) => ({ ...e.record, uri: e.uri, name: e.info.name })));
    } catch (error) {
      this.logger.warn(`saving the followed rooms failed: ${LyncError.from(error).message}`);
    }
  }

  private fireChanged(): void {
    this.changedEmitter.fire();
  }
}

function isAfterMarker(m: RoomMessage, markTime: number, readIds: Set<string>): boolean {
  const t = m.time.getTime();
  return t > markTime || (t === markTime && !readIds.has(m.id));
}

function dedupe(uris: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const uri of uris) {
    const key = roomKey(uri);
    if (!uri.trim() || seen.has(key)) continue;
    seen.add(key);
    out.push(uri.trim());
  }
  return out;
}

function clampCount(count: number): number {
  if (!Number.isFinite(count) || count < 1) return 1;
  return Math.min(MAX_HISTORY_FETCH, Math.floor(count));
}

export function toRoomInfo(listing: ChatRoomSummary | ChatRoomListing): RoomInfo {
  const info: RoomInfo = { uri: listing.uri, name: listing.name };
  if (listing.description !== undefined) info.description = listing.description;
  if (listing.participantCount !== undefined) info.memberCount = listing.participantCount;
  if (listing.privacy !== undefined) info.visibility = listing.privacy;
  return info;
}
