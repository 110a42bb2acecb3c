import type { Emitter } from '../../common/events';
import { Logger, nullLogger } from '../../common/logger';
import { InProcessPoolMemory, PoolMemoryStore, updatePoolMemory } from '../../endpoint/poolMemory';
import type { InvitationStore } from '../invitationStore';
import type { PendingInvitations } from '../pendingInvitations';
import type { PresenceDirectory } from '../presence/presenceDirectory';
import type { RoomServiceImpl } from '../rooms/roomService';
import type { ChatMessage } from '../xccos/types';
import type { ChatConnectionOptions, EndpointStateEvent } from './types';

/**
 * What the last chat session taught, for the next one: a reconnect — and, with a persistent
 * PoolMemoryStore, the next start — goes straight to the chat server (the lookup is the fallback),
 * and reads provisioning alongside instead of before. The registrar is remembered by the endpoint
 * in the same store.
 */
export class ChatServerMemory {
  /** The lookup service provisioning named in the last session (refreshed by each connect). */
  lookupUri: string | undefined;
  /** The chat server of the last session. */
  chatServerUri: string | undefined;
  /** The room management web page provisioning named for this user's location (undefined: none). */
  roomManagementUrl: string | undefined;

  /** `chatUri`: the configured lookup URI; a remembered session of another lookup service is not reused. */
  constructor(private readonly store: PoolMemoryStore = new InProcessPoolMemory(), private readonly logger: Logger = nullLogger, chatUri?: string) {
    const remembered = store.load();
    if (!remembered.lookupUri || (chatUri !== undefined && remembered.lookupUri.toLowerCase() !== chatUri.toLowerCase())) return;
    this.lookupUri = remembered.lookupUri;
    this.chatServerUri = remembered.chatServerUri;
    logger.debug(`remembered from the last run: lookup service ${this.lookupUri}, chat server ${this.chatServerUri ?? 'none'}`);
  }

  /** The session opened: keep its lookup service and chat server, for reconnects and the next start. */
  remember(lookupUri: string, chatServerUri: string | undefined): void {
    this.lookupUri = lookupUri;
    this.chatServerUri = chatServerUri;
    this.logger.debug(`remembering the lookup service ${lookupUri} and the chat server ${chatServerUri ?? '(none)'} for the next start`);
    updatePoolMemory(this.store, { lookupUri, chatServerUri }, this.logger);
  }

  /** The pool was moved: start again from provisioning. */
  forget(): void {
    this.lookupUri = undefined;
    this.chatServerUri = undefined;
    updatePoolMemory(this.store, { lookupUri: undefined, chatServerUri: undefined }, this.logger);
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
