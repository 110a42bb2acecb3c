/** A chat room as the server describes it (a `chanib` record; the SDK's ChatRoomSummary/Snapshot). */
export interface ChatRoomSummary {
  /** `ma-chan://<domain>/<id>` */
  uri: string;
  name: string;
  description?: string;
  /** Participants currently joined (`info urn:parlano:ma:info:ucnt`). */
  participantCount?: number;
  privacy?: 'open' | 'closed' | 'secret';
}

/** A room found by `cmd:chansrch`, with the room properties the search reply carries. */
export interface ChatRoomListing extends ChatRoomSummary {
  /** `prop urn:parlano:ma:prop:invite`: the server sends invitations to new members. */
  invitationsEnabled?: boolean;
  /** `prop urn:parlano:ma:prop:filepost` */
  fileposting?: boolean;
  /** `prop urn:parlano:ma:prop:logged` */
  logged?: boolean;
}

/** An invitation: issued because the user was made a member of the room ("accept" = join it). */
export interface ChatRoomInvitation {
  /** The server's invitation id; `cmd:getinv` asks for ids greater than a high-water mark. */
  id: number;
  /** When the server created it (UTC). */
  createdOn: Date;
  /** Who added the user, when the server says. */
  inviter?: string;
  room: ChatRoomSummary;
}

/** A posted chat message, live (`grpchat`) or from history (`msg id="grpchat"`). */
export interface ChatMessage {
  roomUri: string;
  /** The author's SIP URI. */
  author: string;
  /** When the server received it. */
  timestamp: Date;
  text: string;
  seqid?: string;
  /** Marked as an alert / high-importance message by the server. */
  alert?: boolean;
  /** Parts of the message besides its plain text, which this client does not show (each kind once). */
  unrendered?: UnrenderedPart[];
}

/** A kind of message part the client keeps out of view: rich text, a file post, a story, or an element it does not know. */
export type UnrenderedPart = 'formatting' | 'file' | 'story' | 'other';

/** A room the user joined (`rpl:join` / `rpl:bjoin`): members and managers as SIP URIs. */
export interface JoinedRoom {
  uri: string;
  name: string;
  topic?: string;
  members: string[];
  managers: string[];
}

export interface JoinResult {
  /** `uib` records: user id → SIP URI. */
  users: Map<string, string>;
  rooms: JoinedRoom[];
}

/** `rpl:getserverinfo` (`sib`). */
export interface ServerInfo {
  serverTime?: Date;
  searchLimit?: number;
  messageSizeLimit?: number;
  storySizeLimit?: number;
  rootUri?: string;
  dbVersion?: string;
}

/** Someone joined or left rooms we are in (`ntc:join` / `ntc:bjoin` / `ntc:part`). */
export interface ParticipantChange {
  kind: 'join' | 'part';
  roomUri: string;
  users: string[];
}
