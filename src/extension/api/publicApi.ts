import * as vscode from 'vscode';
import { LyncError } from '../../common/errors';
import type { LyncService } from '../lyncService';
import type { RoomsModel } from '../rooms/roomsModel';
import { apiError, invitationSnapshot, messageSnapshot, roomSnapshot, statusSnapshot } from './snapshots';
import type { LyncConnectionStatus, LyncFollowedRoom, LyncPersistentChatApi, LyncRoomInvitation, LyncRoomMessage } from './types';

/** The longest text post() accepts before asking the server (the server's own limit is usually far lower). */
const MAX_POST_CHARS = 64 * 1024;

/**
 * Builds and serves the public API (api/types.ts) over the service and the rooms model: every
 * value is a frozen snapshot, every event re-fired from an emitter this object owns and disposes.
 */
export class PublicApiHost implements vscode.Disposable {
  readonly api: LyncPersistentChatApi;
  private readonly statusEmitter = new vscode.EventEmitter<LyncConnectionStatus>();
  private readonly roomsEmitter = new vscode.EventEmitter<readonly LyncFollowedRoom[]>();
  private readonly messageEmitter = new vscode.EventEmitter<LyncRoomMessage>();
  private readonly invitationsEmitter = new vscode.EventEmitter<readonly LyncRoomInvitation[]>();
  private readonly subscriptions: vscode.Disposable[];
  private lastStatus: LyncConnectionStatus;

  constructor(private readonly service: LyncService, private readonly model: RoomsModel) {
    this.lastStatus = this.readStatus();
    this.subscriptions = [
      service.onDidChangeStatus(() => this.statusMayHaveChanged()),
      service.onDidChangeInvitations(() => this.invitationsEmitter.fire(this.readInvitations())),
      model.onDidChangeFollowed(() => this.roomsEmitter.fire(this.readRooms())),
      model.onMessage((m) => this.messageEmitter.fire(messageSnapshot(m))),
    ];
    this.api = this.surface();
  }

  /** Fires onDidChangeStatus when what the API reports changed (the phase, or a password stored or removed). */
  statusMayHaveChanged(): void {
    const now = this.readStatus();
    if (JSON.stringify(now) === JSON.stringify(this.lastStatus)) return;
    this.lastStatus = now;
    this.statusEmitter.fire(now);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.statusEmitter.dispose();
    this.roomsEmitter.dispose();
    this.messageEmitter.dispose();
    this.invitationsEmitter.dispose();
  }

  private surface(): LyncPersistentChatApi {
    const host = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the getters below read the live state
    return Object.freeze({
      apiVersion: 1 as const,
      signIn: (sipUri: string, password: string) => this.guard(() => this.service.signInWithPassword(String(sipUri), String(password))),
      connect: () => this.guard(() => this.service.connect(false)),
      get status() { return host.readStatus(); },
      onDidChangeStatus: this.statusEmitter.event,
      get followedRooms() { return host.readRooms(); },
      onDidChangeRooms: this.roomsEmitter.event,
      onDidReceiveMessage: this.messageEmitter.event,
      post: (roomUri: string, text: string) => this.guard(() => this.post(roomUri, text)),
      get invitations() { return host.readInvitations(); },
      onDidChangeInvitations: this.invitationsEmitter.event,
    });
  }

  private async post(roomUri: unknown, text: unknown): Promise<LyncRoomMessage> {
    if (typeof roomUri !== 'string' || !/^ma-chan:\/\//i.test(roomUri)) throw new LyncError('RoomNotFound', vscode.l10n.t('{0} is not a room link (ma-chan://…).', String(roomUri).slice(0, 200)), { retriable: false });
    if (typeof text !== 'string' || !text.trim()) throw new LyncError('PostNotAllowed', vscode.l10n.t('There is nothing to post.'), { retriable: false });
    if (text.length > MAX_POST_CHARS) throw new LyncError('MessageTooLarge', vscode.l10n.t('The message is too long to post.'), { retriable: false });
    return messageSnapshot(await this.model.require().post(roomUri, text));
  }

  /** Runs an API call; whatever it throws reaches the consumer as a plain LyncApiError. */
  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw apiError(error);
    }
  }

  private readStatus(): LyncConnectionStatus {
    return statusSnapshot(this.service.status, this.service.isSignedIn);
  }

  private readRooms(): readonly LyncFollowedRoom[] {
    return Object.freeze(this.model.followed.map(roomSnapshot));
  }

  private readInvitations(): readonly LyncRoomInvitation[] {
    return Object.freeze(this.service.invitations.map(invitationSnapshot));
  }
}
