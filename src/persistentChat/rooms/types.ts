/**
 * The rooms model, as the CLI and the extension see it (UCMA-shaped: PersistentChatEndpoint →
 * room services → a session per joined room). `ChatConnection.rooms` is the one entry point; it
 * survives reconnects (followed rooms are re-joined on every connect, and what was posted while
 * disconnected is fetched, with no gap and no duplicate).
 */
import type { Disposable, Event } from '../../common/events';
import type { LyncError } from '../../common/errors';
import type { UnrenderedPart } from '../xccos/types';

export type RoomVisibility = 'open' | 'closed' | 'secret';

/** A room as a search (`cmd:chansrch`) or a join reply describes it. */
export interface RoomInfo {
  /** `ma-chan://<domain>/<id>` */
  uri: string;
  name: string;
  /** Description or topic. */
  description?: string;
  /** Members (or, where only that is known, participants) as the server counts them. */
  memberCount?: number;
  visibility?: RoomVisibility;
  /**
   * False once the server refused the user's post this session (they may read but not post).
   * Undefined while not known: each new session starts so, until the next refusal.
   */
  canPost?: boolean;
}

/** One posted message (live `grpchat` or history), each delivered once per room. */
export interface RoomMessage {
  /** Stable per room: the server's message id where it gives one, else derived from the content. */
  id: string;
  roomUri: string;
  /** SIP URI of the author. */
  author: string;
  /** Display name when known. */
  authorName?: string;
  /** The server's timestamp. */
  time: Date;
  text: string;
  /** Mentions the signed-in user (display name or the user part of the SIP URI, case-insensitive). */
  mention: boolean;
  /** An alert / high-importance message where the server marks one. */
  alert: boolean;
  /** Posted by the signed-in user. */
  own: boolean;
  /** Parts the client does not show (rich text, a file post, a story, unknown elements): the room editor marks them. */
  unrendered?: UnrenderedPart[];
}

/** Where the user stands in a followed room. */
export type RoomSessionState = 'NotJoined' | 'Joining' | 'Joined' | 'NoAccess' | 'Gone';

export interface FollowedRoom extends RoomInfo {
  state: RoomSessionState;
  /** Why the room is NoAccess / Gone, or the last join failure. */
  reason?: LyncError;
  unread: number;
  mentions: number;
  muted: boolean;
  /** Participants currently in the room (SIP URIs), once joined. */
  participants: string[];
}

export interface ParticipantsChanged {
  roomUri: string;
  joined: string[];
  left: string[];
}

/**
 * Where the history a client can read ends: `start` only when the server returned fewer messages
 * than asked for (nothing older exists); `serverLimit` when it returned as many as it ever returns
 * (`cmd:bccontext` asks only for the last N, at most MAX_HISTORY_FETCH) and older ones cannot be asked for.
 */
export type HistoryEnd = 'start' | 'serverLimit';

export interface HistoryPage {
  /** Oldest first. */
  messages: RoomMessage[];
  /** False once no older message can be read: `historyEnd` says why. */
  hasMore: boolean;
  /** Set when hasMore is false: the start of the room's history, or the server's limit. */
  historyEnd?: HistoryEnd;
}

/** What is persisted about followed rooms (memory in the core, a JSON file in the CLI, globalState in VS Code). */
export interface FollowedRoomRecord {
  uri: string;
  name: string;
  /** Last-read marker: the time of the newest message read (ISO 8601). */
  lastReadTime?: string;
  /** Ids of the messages at lastReadTime that were read (several may share a timestamp). */
  lastReadIds?: string[];
  muted?: boolean;
}

export interface FollowedRoomStore {
  load(): FollowedRoomRecord[];
  save(rooms: FollowedRoomRecord[]): void;
}

/**
 * Rooms for a connection. Calls that need the server reject with LyncError `ConnectionLost` while
 * not connected; refusals are typed (`NotAMember`, `RoomNotFound`, `PostNotAllowed`,
 * `MessageTooLarge`, `CommandFailed`) with a message that says what to do.
 */
export interface RoomService extends Disposable {
  /** Followed rooms in the user's order, with state, unread and mention counts. */
  readonly followed: readonly FollowedRoom[];
  readonly onDidChangeFollowed: Event<void>;
  /** A live or fetched-after-reconnect message in a followed (joined) room, once. */
  readonly onMessage: Event<RoomMessage>;
  readonly onParticipantsChanged: Event<ParticipantsChanged>;

  /**
   * `cmd:chansrch` by name/keyword; at most the server's `searchLimit`. Empty query: the server's
   * whole room list for the user (as sipe's Room List; XCCOS has no "my rooms" query we know of).
   */
  find(query: string, signal?: AbortSignal): Promise<RoomInfo[]>;
  /** Joins (several at once with `cmd:bjoin`) and follows. */
  follow(uris: string[], signal?: AbortSignal): Promise<FollowedRoom[]>;
  /** Parts (`cmd:part`) and stops following. */
  unfollow(uri: string, signal?: AbortSignal): Promise<void>;
  /** The last `count` messages, or `count` before `before` (an id from an earlier page); each message once. */
  history(uri: string, options?: { count?: number; before?: string }, signal?: AbortSignal): Promise<HistoryPage>;
  /** Posts plain text; resolves with the message once the server accepted it (it is not delivered again by onMessage). */
  post(uri: string, text: string, signal?: AbortSignal): Promise<RoomMessage>;
  /** Marks everything up to now as read (unread and mentions become 0). */
  markRead(uri: string): void;
  setMuted(uri: string, muted: boolean): void;
  /** The server's post size limit (`messageSizeLimit`), once connected. */
  readonly messageSizeLimit: number | undefined;
}
