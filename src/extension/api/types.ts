/**
 * The Lync Persistent Chat extension's API for other extensions, version 1: what
 * `vscode.extensions.getExtension('lync-pchat.lync-persistent-chat').activate()` resolves to.
 *
 * This file is self-contained (it imports only the `vscode` types): an extension that uses the
 * API may copy it. Everything it hands out is plain, frozen data (strings, numbers, booleans,
 * arrays); dates are ISO 8601 strings. Fields are only ever added within a version; a change that
 * would break a consumer comes with a new `apiVersion`.
 */
import type * as vscode from 'vscode';

/** Where the connection stands (the status bar shows the same). */
export type LyncConnectionPhase = 'NotConfigured' | 'Disconnected' | 'Connecting' | 'Connected' | 'Reconnecting' | 'Error';

/** A failure as the extension classifies it: `code` is stable (e.g. `AuthenticationFailed`), `message` is for people. */
export interface LyncApiErrorInfo {
  readonly code: string;
  readonly message: string;
}

export interface LyncConnectionStatus {
  readonly phase: LyncConnectionPhase;
  /** The SIP address of the user in the settings (`sip:alice@contoso.com`), '' when none is set. */
  readonly user: string;
  /** A password is stored for `user` (or an application's configuration is complete): Connect will not ask. */
  readonly signedIn: boolean;
  /** host:port of the registrar, once connected. */
  readonly server?: string;
  /** The Persistent Chat server's SIP URI, once connected. */
  readonly chatServer?: string;
  /** When the current phase began (ISO 8601). */
  readonly since: string;
  /** Why the last attempt failed (phase Error, or Reconnecting after a failure). */
  readonly lastError?: LyncApiErrorInfo;
  /** While Reconnecting: when the next attempt starts (ISO 8601). */
  readonly nextAttemptAt?: string;
}

export type LyncRoomState = 'NotJoined' | 'Joining' | 'Joined' | 'NoAccess' | 'Gone';

/** A room the user follows, as the Rooms view lists it. */
export interface LyncFollowedRoom {
  /** `ma-chan://<domain>/<id>` */
  readonly uri: string;
  readonly name: string;
  readonly state: LyncRoomState;
  /** Messages not read yet, and how many of them mention the user. */
  readonly unread: number;
  readonly mentions: number;
  /** The user muted the room's notifications. */
  readonly muted: boolean;
}

/** A message posted in a followed room (live, or fetched after a reconnect), each delivered once. */
export interface LyncRoomMessage {
  /** Stable within its room. */
  readonly id: string;
  readonly roomUri: string;
  /** The author's SIP address, and display name when the server gives one. */
  readonly author: string;
  readonly authorName?: string;
  readonly text: string;
  /** The server's time (ISO 8601). */
  readonly time: string;
  /** The message mentions the signed-in user. */
  readonly mention: boolean;
  /** The signed-in user posted it. */
  readonly own: boolean;
}

/** A pending invitation to a chat room (the Invitations view lists the same). */
export interface LyncRoomInvitation {
  readonly id: number;
  readonly room: { readonly uri: string; readonly name: string };
  /** Who added the user, when the server says. */
  readonly inviter?: string;
  /** When the server created it (ISO 8601). */
  readonly createdOn: string;
}

/**
 * Errors the API's promises reject with: an `Error` whose `name` is `LyncPersistentChatError`
 * and whose `code` says what failed (`InvalidSettings`, `ConnectionLost`, `NotAMember`,
 * `PostNotAllowed`, `MessageTooLarge`, …).
 */
export interface LyncApiError extends Error {
  readonly name: 'LyncPersistentChatError';
  readonly code: string;
}

export interface LyncPersistentChatApi {
  readonly apiVersion: 1;

  /**
   * Lync: Sign In with this password instead of the prompt, for automation (provisioning tools):
   * stores it in secret storage for `sipUri`, which must be the SIP address in the settings, and
   * connects. Does nothing when already signed in with it. Resolves once the attempt settled (see `status`).
   */
  signIn(sipUri: string, password: string): Promise<void>;
  /** Connects with the password already stored, as at start-up; never asks for one. Resolves once the attempt settled. */
  connect(): Promise<void>;

  readonly status: LyncConnectionStatus;
  readonly onDidChangeStatus: vscode.Event<LyncConnectionStatus>;

  /** Followed rooms in the user's order; while not connected, as last saved (all NotJoined). */
  readonly followedRooms: readonly LyncFollowedRoom[];
  readonly onDidChangeRooms: vscode.Event<readonly LyncFollowedRoom[]>;
  readonly onDidReceiveMessage: vscode.Event<LyncRoomMessage>;
  /** Posts plain text to a followed, joined room; resolves with the message once the server accepted it. */
  post(roomUri: string, text: string): Promise<LyncRoomMessage>;

  /** Pending invitations (while not connected: as last listed, not yet actionable). */
  readonly invitations: readonly LyncRoomInvitation[];
  readonly onDidChangeInvitations: vscode.Event<readonly LyncRoomInvitation[]>;
}
