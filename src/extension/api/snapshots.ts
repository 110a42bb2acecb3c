/**
 * The extension's internal objects as the public API hands them out (api/types.ts): copied field
 * by field into frozen plain data, so no consumer holds (or can change) a live object.
 */
import { LyncError } from '../../common/errors';
import type { FollowedRoom, RoomMessage } from '../../persistentChat/rooms/types';
import type { ChatRoomInvitation } from '../../persistentChat/xccos/types';
import type { ServiceStatus } from '../lyncService';
import type { LyncApiError, LyncConnectionStatus, LyncFollowedRoom, LyncRoomInvitation, LyncRoomMessage } from './types';

export function statusSnapshot(status: ServiceStatus, signedIn: boolean): LyncConnectionStatus {
  const connection = status.phase === 'NotConfigured' ? undefined : status;
  const error = connection?.lastError;
  return Object.freeze({
    phase: status.phase,
    user: status.userUri,
    signedIn,
    ...(connection?.server ? { server: connection.server } : {}),
    ...(connection?.chatServerUri ? { chatServer: connection.chatServerUri } : {}),
    since: status.since.toISOString(),
    ...(error ? { lastError: Object.freeze({ code: error.code, message: error.message }) } : {}),
    ...(connection?.nextAttemptAt ? { nextAttemptAt: connection.nextAttemptAt.toISOString() } : {}),
  });
}

export function roomSnapshot(room: FollowedRoom): LyncFollowedRoom {
  return Object.freeze({ uri: room.uri, name: room.name, state: room.state, unread: room.unread, mentions: room.mentions, muted: room.muted });
}

export function messageSnapshot(message: RoomMessage): LyncRoomMessage {
  return Object.freeze({
    id: message.id,
    roomUri: message.roomUri,
    author: message.author,
    ...(message.authorName ? { authorName: message.authorName } : {}),
    text: message.text,
    time: message.time.toISOString(),
    mention: message.mention,
    own: message.own,
  });
}

export function invitationSnapshot(invitation: ChatRoomInvitation): LyncRoomInvitation {
  return Object.freeze({
    id: invitation.id,
    room: Object.freeze({ uri: invitation.room.uri, name: invitation.room.name }),
    ...(invitation.inviter ? { inviter: invitation.inviter } : {}),
    createdOn: invitation.createdOn.toISOString(),
  });
}

/** What an API promise rejects with: a plain Error carrying the failure's code, never the internal error. */
export function apiError(error: unknown): LyncApiError {
  const e = LyncError.from(error);
  const plain = new Error(e.message) as Error & { code: string };
  plain.name = 'LyncPersistentChatError';
  plain.code = e.code;
  return plain as LyncApiError;
}
