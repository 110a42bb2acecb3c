import type { LyncError } from '../../common/errors';
import type { ChatRoomListing, ChatRoomSummary } from '../xccos/types';
import { roomKey } from './messageModel';
import type { FollowedRoom, FollowedRoomRecord, HistoryEnd, RoomInfo, RoomMessage, RoomSessionState } from './types';

/** Ids remembered per room to deliver each message once (a bounded, insertion-ordered set). */
export const KNOWN_IDS = 5000;
/** Messages held per room while it is being (re)joined and caught up. */
export const HELD_MESSAGES = 2000;
/** The largest history asked for (catching up after a reconnect, paging back): a reply must fit in one SIP message (1 MB). */
export const MAX_HISTORY_FETCH = 2000;
export const DEFAULT_HISTORY = 25;

/** One room the service tracks: followed, or joined for a while (history, post, tail) without following. */
export interface RoomEntry {
  uri: string;
  info: RoomInfo;
  followed: boolean;
  record: FollowedRoomRecord;
  /** Written only by RoomTable (its mark… methods): the one owner of room state. */
  readonly state: RoomSessionState;
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
  /** Set once the window reaches the start of the room's history or the server's limit. */
  historyEnd?: HistoryEnd;
}

export function newEntry(uri: string, name: string, followed: boolean, record?: FollowedRoomRecord): RoomEntry {
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
  };
}

/** What the public contract shows of a room. */
export function snapshot(entry: RoomEntry): FollowedRoom {
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

export function dedupe(uris: string[]): string[] {
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

/**
 * Where a `cmd:bccontext` reply for the last `asked` messages leaves the history: fewer than asked
 * means the start was reached; as many as the largest fetch means the server's limit (older messages
 * may exist but cannot be asked for); otherwise older ones can still be read.
 */
export function historyEndOf(returned: number, asked: number): HistoryEnd | undefined {
  if (returned < asked) return 'start';
  return asked >= MAX_HISTORY_FETCH ? 'serverLimit' : undefined;
}

export function clampCount(count: number): number {
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
