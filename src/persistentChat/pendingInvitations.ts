import { Emitter } from '../common/events';
import type { InvitationStore } from './invitationStore';
import type { RoomServiceImpl } from './rooms/roomService';
import type { ChatRoomInvitation } from './xccos/types';

/**
 * The room invitations a ChatConnection offers: pending ones (one per room), ones waiting for a
 * followed room's join to finish, and the store that remembers which were seen and handled.
 */
export class PendingInvitations {
  private readonly pending = new Map<number, ChatRoomInvitation>();
  /** Invitations to followed rooms still being joined: decided once the join settles. */
  private readonly undecided = new Map<number, ChatRoomInvitation>();
  private readonly receivedEmitter = new Emitter<ChatRoomInvitation>();
  private readonly changedEmitter = new Emitter<void>();
  /** A new invitation (not dismissed, not already pending). */
  readonly onReceived = this.receivedEmitter.event;
  readonly onChanged = this.changedEmitter.event;

  constructor(private readonly store: InvitationStore, private readonly rooms: Pick<RoomServiceImpl, 'isFollowed' | 'stateOf'>) {}

  /** Newest first. */
  get list(): ChatRoomInvitation[] {
    return [...this.pending.values()].sort((a, b) => b.createdOn.getTime() - a.createdOn.getTime());
  }

  get(id: number): ChatRoomInvitation | undefined {
    return this.pending.get(id);
  }

  /**
   * One entry per room: an invitation to a room already followed and joined is handled at once
   * (see standing), and one to a room already pending replaces the older (which is handled)
   * without being announced again. Announced (onReceived) only the first time its id is seen, across reconnects and,
   * through the store, restarts.
   */
  received(invitation: ChatRoomInvitation): void {
    if (this.store.isHandled(invitation.id) || this.pending.has(invitation.id) || this.undecided.has(invitation.id)) return;
    const room = invitation.room.uri.toLowerCase();
    const standing = this.standing(invitation);
    if (standing === 'undecided') {
      this.undecided.set(invitation.id, invitation);
      return;
    }
    if (standing === 'followed') {
      this.store.markSeen(invitation.id);
      this.settle(invitation.id);
      return;
    }
    const older = [...this.pending.values()].find((p) => p.room.uri.toLowerCase() === room);
    if (older && older.id > invitation.id) {
      this.store.markSeen(invitation.id);
      this.settle(invitation.id);
      return;
    }
    this.pending.set(invitation.id, invitation);
    const announce = this.store.markSeen(invitation.id) && !older;
    if (older) this.settle(older.id);
    if (announce) this.receivedEmitter.fire(invitation);
    this.changedEmitter.fire();
  }

  /**
   * An invitation to a room followed and joined has nothing to offer ('followed'); while the room
   * is being joined it waits for the outcome ('undecided'). To a room not followed, or one the
   * user was taken out of (NoAccess) or that was removed (Gone), it is offered: the way back in.
   */
  private standing(invitation: ChatRoomInvitation): 'followed' | 'undecided' | 'offer' {
    if (!this.rooms.isFollowed(invitation.room.uri)) return 'offer';
    const state = this.rooms.stateOf(invitation.room.uri);
    return state === 'Joined' ? 'followed' : state === 'Joining' ? 'undecided' : 'offer';
  }

  /** The rooms changed: decide the invitations that waited for a join; settle pending ones to rooms now followed and joined (through Browse Rooms, say). */
  roomsChanged(): void {
    for (const invitation of [...this.undecided.values()]) {
      if (this.standing(invitation) === 'undecided') continue;
      this.undecided.delete(invitation.id);
      this.received(invitation);
    }
    for (const invitation of [...this.pending.values()]) {
      if (this.standing(invitation) === 'followed') this.settle(invitation.id);
    }
  }

  /** An invitation was accepted or dismissed: remember it, and raise the high-water mark to just below the oldest still pending. */
  settle(id: number): void {
    this.store.markHandled(id);
    this.pending.delete(id);
    const oldestPending = Math.min(...this.pending.keys(), ...this.undecided.keys());
    this.store.setHighWaterMark(Math.min(oldestPending - 1, this.store.maxHandled));
    this.changedEmitter.fire();
  }

  dispose(): void {
    this.receivedEmitter.dispose();
    this.changedEmitter.dispose();
  }
}
