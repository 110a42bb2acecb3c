import type * as vscode from 'vscode';
import type { ChatRoomInvitation } from '../persistentChat/xccos/types';
import { KNOWN_INVITATIONS_KEY } from './ids';

/** Bound on what is remembered (the view is for people, not for thousands of rows). */
const MAX_KNOWN = 200;

interface StoredInvitation {
  id: number;
  createdOn: string;
  inviter?: string;
  room: { uri: string; name: string; description?: string; privacy?: 'open' | 'closed' | 'secret' };
}

/**
 * The invitations last listed while connected, per SIP address, kept in globalState: shown
 * (without actions) while connecting, reconnecting or after a restart, until the server's list
 * replaces them.
 */
export class KnownInvitations {
  constructor(private readonly state: vscode.Memento) {}

  load(sipUri: string): ChatRoomInvitation[] {
    const stored = this.state.get<unknown>(key(sipUri));
    if (!Array.isArray(stored)) return [];
    return stored.flatMap((value: Partial<StoredInvitation>) => {
      const createdOn = new Date(String(value?.createdOn));
      const room = value?.room;
      if (!Number.isSafeInteger(value?.id) || Number.isNaN(createdOn.getTime()) || typeof room?.uri !== 'string' || typeof room.name !== 'string') return [];
      const invitation: ChatRoomInvitation = { id: value.id as number, createdOn, room: { uri: room.uri, name: room.name } };
      if (typeof room.description === 'string') invitation.room.description = room.description;
      if (room.privacy === 'open' || room.privacy === 'closed' || room.privacy === 'secret') invitation.room.privacy = room.privacy;
      if (typeof value.inviter === 'string') invitation.inviter = value.inviter;
      return [invitation];
    }).slice(0, MAX_KNOWN);
  }

  save(sipUri: string, invitations: readonly ChatRoomInvitation[]): Thenable<void> {
    const stored: StoredInvitation[] = invitations.slice(0, MAX_KNOWN).map((i) => ({
      id: i.id,
      createdOn: i.createdOn.toISOString(),
      inviter: i.inviter,
      room: { uri: i.room.uri, name: i.room.name, description: i.room.description, privacy: i.room.privacy },
    }));
    return this.state.update(key(sipUri), stored);
  }

  clear(sipUri: string): Thenable<void> {
    return this.state.update(key(sipUri), undefined);
  }
}

const key = (sipUri: string) => `${KNOWN_INVITATIONS_KEY}:${sipUri.toLowerCase()}`;
