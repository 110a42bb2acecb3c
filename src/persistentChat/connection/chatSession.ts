import type { LyncError } from '../../common/errors';
import { DisposableStore } from '../../common/events';
import type { LocalEndpointBase } from '../../endpoint/localEndpoint';
import { PersistentChatEndpoint } from '../persistentChatEndpoint';
import type { ConnectionContext } from './context';

/** Per XCCOS command: a stalled chat server is noticed within this (a pool answers in milliseconds). */
const CHAT_COMMAND_TIMEOUT_MS = 10_000;

/**
 * One chat session: one PersistentChatEndpoint over the signed-in endpoint, the forwarding of its
 * events (state, invitations, messages) and its "Terminated means lost" watch, ended as a unit.
 * The rooms are attached to it on creation (the history pushed after bjoin arrives during establish).
 */
export class ChatSession {
  readonly chat: PersistentChatEndpoint;
  private readonly forwarding = new DisposableStore();
  private readonly lossWatch = new DisposableStore();

  constructor(lookupUri: string, endpoint: LocalEndpointBase, knownChatServerUri: string | undefined, ctx: ConnectionContext) {
    const chat = new PersistentChatEndpoint(lookupUri, endpoint, {
      invitations: ctx.invitationStore,
      rejoinRooms: ctx.rooms.rejoinList(),
      knownChatServerUri,
      commandTimeoutMs: ctx.options.commandTimeoutMs ?? CHAT_COMMAND_TIMEOUT_MS,
      logger: ctx.options.logger,
    });
    this.chat = chat;
    this.forwarding.add(chat.onConnectionStateChanged((change) => ctx.endpointEvents.fire({ endpoint: 'chat', change })));
    this.forwarding.add(chat.onChatRoomInvitationReceived((inv) => ctx.invitations.received(inv)));
    this.forwarding.add(chat.onMessageReceived((m) => ctx.messages.fire(m)));
    ctx.rooms.attach(chat);
  }

  get isEstablished(): boolean {
    return this.chat.state === 'Established';
  }

  /** Calls `lost` once the chat endpoint is Terminated (until close). */
  watch(lost: (reason: LyncError | undefined) => void): void {
    this.lossWatch.add(this.chat.onConnectionStateChanged((change) => { if (change.state === 'Terminated') lost(change.reason); }));
  }

  /** Ends the session; its Terminating/Terminated still reach the connection's endpoint events. */
  async close(): Promise<void> {
    this.lossWatch.dispose();
    try {
      await this.chat.terminate();
    } finally {
      this.forwarding.dispose();
    }
  }
}
