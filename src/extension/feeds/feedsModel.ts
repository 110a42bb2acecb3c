import * as vscode from 'vscode';
import { LyncError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { FeedInbox } from '../../persistentChat/feeds/feedInbox';
import type { TopicFeed } from '../../persistentChat/feeds/types';
import { roomKey } from '../../persistentChat/rooms/messageModel';
import type { FollowedRoom, RoomMessage, RoomService } from '../../persistentChat/rooms/types';
import type { RoomsModel } from '../rooms/roomsModel';
import { GlobalStateFeedStore } from './feedStore';

/** Recent messages kept per room, so that a new or edited feed finds matches at once. */
const RECENT_PER_ROOM = 200;
/** How much history of each followed room is read once per connection while the account has feeds. */
const HISTORY_SCAN = 50;

/**
 * The account's topic feeds and their matches: live messages of followed rooms, and their recent
 * history, read once per connection while there is at least one feed.
 */
export class FeedsModel implements vscode.Disposable {
  readonly inbox = new FeedInbox();
  private readonly recent = new Map<string, RoomMessage[]>();
  private scanned: { service: RoomService; rooms: Set<string> } | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly rooms: RoomsModel, private readonly state: vscode.Memento, private readonly user: () => string | undefined, private readonly logger: Logger) {
    this.subscriptions = [
      rooms.onMessage((m) => this.offer([m], true)),
      rooms.onDidChangeFollowed(() => this.scanHistory()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('lyncPersistentChat.sipUri')) this.reload(); }),
      { dispose: () => this.inbox.dispose() },
    ];
    this.reload();
  }

  readonly onDidChange = (listener: () => void): vscode.Disposable => new vscode.Disposable(this.inbox.onDidChange(listener).dispose);

  get feeds(): TopicFeed[] {
    return this.inbox.feeds;
  }

  /** The rooms a feed may be limited to. */
  get followedRooms(): readonly FollowedRoom[] {
    return this.rooms.followed;
  }

  find(id: string): TopicFeed | undefined {
    return this.feeds.find((f) => f.id === id);
  }

  /** Saves the account's feeds and matches them against what was already seen. */
  async save(feeds: TopicFeed[]): Promise<void> {
    const user = this.user();
    if (!user) throw new LyncError('InvalidSettings', vscode.l10n.t('Set your SIP address first (Lync: Open Settings): feeds are kept per account.'), { retriable: false });
    await new GlobalStateFeedStore(this.state, user).save(feeds);
    this.apply(feeds);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private reload(): void {
    const user = this.user();
    this.recent.clear();
    this.apply(user ? new GlobalStateFeedStore(this.state, user).load() : []);
  }

  private apply(feeds: TopicFeed[]): void {
    this.inbox.setFeeds(feeds);
    this.inbox.add([...this.recent.values()].flat(), false);
    this.scanHistory();
  }

  private offer(messages: readonly RoomMessage[], live: boolean): void {
    for (const m of messages) {
      const key = roomKey(m.roomUri);
      const list = this.recent.get(key) ?? [];
      if (!list.some((r) => r.id === m.id)) list.push(m);
      if (list.length > RECENT_PER_ROOM) list.splice(0, list.length - RECENT_PER_ROOM);
      this.recent.set(key, list);
    }
    this.inbox.add(messages, live);
  }

  /** Reads the recent history of each joined followed room once per connection (only while there are feeds). */
  private scanHistory(): void {
    const service = this.rooms.rooms;
    if (!service || !this.rooms.connected || this.feeds.length === 0) return;
    if (this.scanned?.service !== service) this.scanned = { service, rooms: new Set() };
    const seen = this.scanned.rooms;
    for (const room of this.rooms.followed) {
      const key = roomKey(room.uri);
      if (room.state !== 'Joined' || seen.has(key)) continue;
      seen.add(key);
      service.history(room.uri, { count: HISTORY_SCAN }).then(
        (page) => this.offer(page.messages, false),
        (error: unknown) => this.logger.debug(`topic feeds: history of ${room.uri} not read: ${(error as Error).message}`),
      );
    }
  }
}
