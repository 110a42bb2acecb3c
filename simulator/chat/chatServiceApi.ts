/** What the simulated chat server offers the pool and the tests: its control API and options. */
import type { SimRequestHandler } from '../types';
import type { Catalogue } from './catalogue';
import type { DialogKind } from './dialog';
import type { InvitationView } from './invitationXml';
import type { TimerHost } from './timers';
import type { ChatRecord } from './xccosXml';

export interface ChatServiceOptions {
  catalogue: Catalogue;
  timers?: TimerHost;
  now?: () => Date;
  /** Host in the Via of requests the server sends. */
  viaHost?: string;
}

export interface BurstOptions {
  /** Called when the whole burst is rendered, just before the held writes go out (a load generator's clock). */
  beforeWrite?: () => void;
}

export interface ChatSessionInfo { connectionId: number; userUri: string; callId: string; kind: DialogKind; rooms: string[] }

export interface RoomSummary {
  uri: string; name: string; description: string; privacy: 'open' | 'closed' | 'secret'; invitations: boolean;
  members: string[]; managers: string[]; participants: string[]; historyCount: number;
}

/** How a colleague's post is sent: as an alert, and/or with a rich-text copy (`<rtf>`, as the Lync client adds to formatted posts). */
export interface PostOptions { alert?: boolean; rtf?: string }

export interface ChatService extends SimRequestHandler {
  /** Grants membership; returns the invitation issued (pushed live as ntc:inv) or undefined when the room sends none. */
  inviteUser(userUri: string, roomUri: string, inviterUri?: string): InvitationView | undefined;
  /** Posts as `asUserUri` (need not be connected): stored in history and sent to every joined session. */
  post(asUserUri: string, roomUri: string, text: string, options?: PostOptions): ChatRecord;
  /**
   * Posts `texts` in order, each exactly as post() does (stored, sequenced, signed, logged), but every
   * joined connection gets its share of the burst in one socket write: a server under load.
   */
  postBurst(asUserUri: string, roomUri: string, texts: readonly string[], options?: BurstOptions): ChatRecord[];
  /** A user (no client needed) enters or leaves a room: `ntc:join` / `ntc:part` to everyone joined. */
  setPresence(userUri: string, roomUri: string, present: boolean): void;
  /** Takes the user's membership away; their joined dialogs are parted with an `ntc:part` naming them. Returns the dialogs parted. */
  removeFromRoom(userUri: string, roomUri: string): number;
  /** Deletes the room; everyone joined is parted with an `ntc:part` naming them. Returns the dialogs parted. */
  deleteRoom(roomUri: string): number;
  /** BYEs every chat and lookup dialog of the user; returns how many. */
  disconnect(userUri: string): number;
  /** Sends a broken XCCOS envelope into each of the user's chat dialogs; returns how many. */
  sendMalformedXccos(userUri: string): number;
  rooms(): RoomSummary[];
  /** Users with a live chat-server dialog. */
  users(): string[];
  sessions(): ChatSessionInfo[];
  /** True when this Call-ID is a live dialog of the chat layer. */
  ownsCallId(callId: string): boolean;
  /** Timers currently scheduled (idle expiry, stalled sends). */
  pendingTimers(): number;
  dispose(): void;
}
