/**
 * The simulated pool's Persistent Chat half (lookup service, chat server, catalogue). The SIP layer
 * (simulator/*.ts) routes chat requests here through SimRequestHandler; see simulator/chat/README.md.
 */
import type { Logger } from '../../src/common/logger';
import type { SimChatConfig, SimFaults } from '../types';
import { defaultCataloguePath, loadCatalogue } from './catalogue';
import { ChatServer, ChatService, ChatServiceOptions } from './chatService';

export type { BurstOptions, ChatService, ChatServiceOptions, ChatSessionInfo, PostOptions, RoomSummary } from './chatService';
export type { Catalogue, CatalogueRoom, CatalogueInvitation, CatalogueCategory, RoomPrivacy } from './catalogue';
export type { InvitationView } from './invitationXml';
export type { ChatRecord } from './xccosXml';
export type { TimerHost } from './timers';
export { loadCatalogue, validateCatalogue, defaultCataloguePath } from './catalogue';

/**
 * Creates the chat service. The catalogue comes from `config.cataloguePath` (default
 * simulator/catalogue.default.json) unless `options.catalogue` is given; a bad catalogue throws
 * LyncError('InvalidSettings') naming the field.
 */
export function createChatService(config: SimChatConfig, faults: SimFaults, log: Logger, options: Partial<ChatServiceOptions> = {}): ChatService {
  const catalogue = options.catalogue ?? loadCatalogue(config.cataloguePath ?? defaultCataloguePath());
  return new ChatServer(config, faults, log.child('chat'), { ...options, catalogue });
}
