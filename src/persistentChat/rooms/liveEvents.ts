import { DisposableStore, Emitter } from '../../common/events';
import { LyncError } from '../../common/errors';
import type { PersistentChatEndpoint } from '../persistentChatEndpoint';
import type { ChatMessage } from '../xccos/types';
import { MessageModel, sameUser } from './messageModel';
import type { ReadMarkers } from './readMarkers';
import { HELD_MESSAGES } from './roomEntry';
import type { RoomJoiner } from './roomJoiner';
import type { RoomTable } from './roomTable';
import type { ParticipantsChanged } from './types';

/** Routes what the endpoint pushes to the room it concerns: live messages, participants, being taken out of a room. */
export class LiveEvents {
  readonly participants = new Emitter<ParticipantsChanged>();

  constructor(
    private readonly table: RoomTable,
    private readonly model: MessageModel,
    private readonly markers: ReadMarkers,
    private readonly joiner: RoomJoiner,
  ) {}

  /** Listens to the endpoint until the returned store is disposed. */
  listen(chat: PersistentChatEndpoint): DisposableStore {
    const scope = new DisposableStore();
    scope.add(chat.onMessageReceived((m) => this.received(m)));
    scope.add(chat.onParticipantChanged((c) => this.participantChange(c.roomUri, c.kind, c.users)));
    scope.add(chat.onRemovedFromRoom((r) => void this.removed(r.roomUri)));
    return scope;
  }

  /** A message from the endpoint (live, or history it was pushed). */
  private received(message: ChatMessage): void {
    const entry = this.table.get(message.roomUri);
    if (!entry) return;
    const m = this.model.toRoomMessage(message, entry.uri);
    if (entry.held) {
      if (entry.held.length < HELD_MESSAGES) entry.held.push(m);
      return;
    }
    if (entry.state !== 'Joined') return;
    this.markers.deliver(entry, m);
    this.table.fireChanged();
  }

  private participantChange(roomUri: string, kind: 'join' | 'part', users: string[]): void {
    const entry = this.table.get(roomUri);
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
      this.participants.fire({ roomUri: entry.uri, joined, left });
      this.table.fireChanged();
    }
  }

  /** The server took the user out of a joined room: ask again to learn why (removed → NoAccess, deleted → Gone). */
  private async removed(roomUri: string): Promise<void> {
    const entry = this.table.get(roomUri);
    if (!entry) return;
    this.table.markTakenOut(entry, new LyncError('ConnectionLost', `You were taken out of ${entry.info.name}.`));
    this.table.fireChanged();
    await this.joiner.joinOrRecordRefusal(entry, undefined);
  }
}
