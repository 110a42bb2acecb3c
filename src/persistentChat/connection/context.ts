import type { Emitter } from '../../common/events';
import type { Logger } from '../../common/logger';
import type { InvitationStore } from '../invitationStore';
import type { PendingInvitations } from '../pendingInvitations';
import type { PresenceDirectory } from '../presence/presenceDirectory';
import type { RoomServiceImpl } from '../rooms/roomService';
import type { ChatMessage } from '../xccos/types';
import type { ChatConnectionOptions, EndpointStateEvent } from './types';

/**
 * What the last chat session taught, for the next one: a reconnect goes straight to the chat
 * server (the lookup is the fallback), and reads provisioning alongside instead of before.
 * (A remembered registrar would live here too.)
 */
export class ChatServerMemory {
  /** The lookup service provisioning named in the last session (refreshed by each connect). */
  lookupUri: string | undefined;
  /** The chat server of the last session. */
  chatServerUri: string | undefined;
  /** The room management web page provisioning named for this user's location (undefined: none). */
  roomManagementUrl: string | undefined;

  /** The pool was moved: start again from provisioning. */
  forget(): void {
    this.lookupUri = undefined;
    this.chatServerUri = undefined;
  }
}

/** What a ChatConnection lends its attempts and chat sessions: they live shorter than it. */
export interface ConnectionContext {
  readonly options: ChatConnectionOptions;
  readonly logger: Logger;
  readonly invitationStore: InvitationStore;
  readonly invitations: PendingInvitations;
  readonly rooms: RoomServiceImpl;
  readonly presence: PresenceDirectory;
  readonly memory: ChatServerMemory;
  readonly endpointEvents: Emitter<EndpointStateEvent>;
  readonly messages: Emitter<ChatMessage>;
}
