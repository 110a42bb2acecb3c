import * as vscode from 'vscode';
import { LyncError } from '../../common/errors';
import type { Person, PresenceDirectory } from '../../persistentChat/presence/presenceDirectory';
import type { FollowedRoom, ParticipantsChanged, RoomMessage, RoomService } from '../../persistentChat/rooms/types';
import type { LyncService } from '../lyncService';
import { GlobalStateFollowedRoomStore } from '../followedRoomStore';

/**
 * The rooms of whatever connection LyncService has now, as stable VS Code events: the view, the
 * room editors and the notifications subscribe once, and this follows the connection as it is
 * replaced (sign-in, reconnect with new settings, sign-out). While there is no connection the
 * followed rooms still show, from globalState, as not joined.
 */
export class RoomsModel implements vscode.Disposable {
  private bound: RoomService | undefined;
  private boundSubscriptions: { dispose(): void }[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private readonly followedEmitter = new vscode.EventEmitter<void>();
  private readonly messageEmitter = new vscode.EventEmitter<RoomMessage>();
  private readonly participantsEmitter = new vscode.EventEmitter<ParticipantsChanged>();
  private readonly peopleEmitter = new vscode.EventEmitter<Person[]>();

  readonly onDidChangeFollowed = this.followedEmitter.event;
  readonly onMessage = this.messageEmitter.event;
  readonly onParticipantsChanged = this.participantsEmitter.event;
  /** Names or presence of people changed (the pool's contact cards and states). */
  readonly onPeopleChanged = this.peopleEmitter.event;

  constructor(private readonly service: LyncService, private readonly globalState: vscode.Memento) {
    this.subscriptions = [
      service.onDidChangeStatus(() => this.rebind()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lyncPersistentChat.sipUri')) this.followedEmitter.fire();
      }),
    ];
    this.rebind();
  }

  /** The live room service, when connected (or reconnecting). */
  get rooms(): RoomService | undefined {
    return this.service.rooms;
  }

  /** Names and presence of the connection's people (undefined: no connection). */
  get presence(): PresenceDirectory | undefined {
    return this.service.presence;
  }

  get connected(): boolean {
    return this.service.status.phase === 'Connected';
  }

  get phase(): string {
    return this.service.status.phase;
  }

  /** Followed rooms: live when there is a connection, else as last saved for the configured user. */
  get followed(): readonly FollowedRoom[] {
    if (this.bound) return this.bound.followed;
    const user = this.service.settings.sipUri;
    if (!user) return [];
    return new GlobalStateFollowedRoomStore(this.globalState, user).load().map((r) => ({
      uri: r.uri, name: r.name, state: 'NotJoined', unread: 0, mentions: 0, muted: !!r.muted, participants: [],
    }));
  }

  find(uri: string): FollowedRoom | undefined {
    const key = uri.toLowerCase();
    return this.followed.find((r) => r.uri.toLowerCase() === key);
  }

  get unreadMentions(): number {
    if (!this.bound) return 0; // rooms read from storage carry no mentions: no need to read them
    return this.followed.reduce((sum, r) => sum + (r.muted ? 0 : r.mentions), 0);
  }

  /** Followed, unmuted rooms with unread mentions. */
  get roomsWithMentions(): FollowedRoom[] {
    if (!this.bound) return [];
    return this.followed.filter((r) => r.mentions > 0 && !r.muted);
  }

  /** The room service, or a ConnectionLost error that says what to do. */
  require(): RoomService {
    const rooms = this.rooms;
    if (!rooms || !this.connected) throw new LyncError('ConnectionLost', this.phase === 'Reconnecting' ? vscode.l10n.t('Reconnecting to the server; try again in a moment.') : vscode.l10n.t('Not connected. Run "Lync: Connect" first.'));
    return rooms;
  }

  dispose(): void {
    this.unbind();
    for (const s of this.subscriptions) s.dispose();
    this.followedEmitter.dispose();
    this.messageEmitter.dispose();
    this.participantsEmitter.dispose();
    this.peopleEmitter.dispose();
  }

  private rebind(): void {
    const rooms = this.service.rooms;
    if (rooms === this.bound) {
      this.followedEmitter.fire(); // the phase changed: compose boxes and states follow it
      return;
    }
    this.unbind();
    this.bound = rooms;
    if (rooms) {
      this.boundSubscriptions = [
        rooms.onDidChangeFollowed(() => this.followedEmitter.fire()),
        rooms.onMessage((m) => this.messageEmitter.fire(m)),
        rooms.onParticipantsChanged((p) => this.participantsEmitter.fire(p)),
        ...(this.service.presence ? [this.service.presence.onDidChange((people) => this.peopleEmitter.fire(people))] : []),
      ];
    }
    this.followedEmitter.fire();
  }

  private unbind(): void {
    for (const s of this.boundSubscriptions) s.dispose();
    this.boundSubscriptions = [];
    this.bound = undefined;
  }
}
