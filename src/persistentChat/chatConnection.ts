import { LyncError } from '../common/errors';
import { Disposable, DisposableStore, Emitter, Event } from '../common/events';
import { Logger, nullLogger } from '../common/logger';
import { AttemptLosses, ConnectAttempt } from './connection/connectAttempt';
import { ConnectionMachine } from './connection/connectionMachine';
import { ChatServerMemory, ConnectionContext } from './connection/context';
import type { ChatConnectionOptions, ConnectionStatus, EndpointStateEvent } from './connection/types';
import { MemoryInvitationStore } from './invitationStore';
import { NetworkWatcher } from './networkWatcher';
import { PendingInvitations } from './pendingInvitations';
import { PresenceDirectory } from './presence/presenceDirectory';
import type { PersistentChatEndpoint } from './persistentChatEndpoint';
import { Reconnector } from './reconnector';
import { recoveryFor, waitConnected } from './recoveryPolicy';
import { RoomServiceImpl } from './rooms/roomService';
import type { RoomService } from './rooms/types';
import type { ChatMessage, ChatRoomInvitation } from './xccos/types';

export type { ChatConnectionOptions, ConnectionPhase, ConnectionStatus, EndpointStateEvent } from './connection/types';

/**
 * The whole client flow, shared by the CLI and the extension: sign in, read provisioning, choose
 * the chat URI, establish the PersistentChatEndpoint, keep pending invitations, and recover from
 * drops through the Reconnector (re-joining the rooms that were open). Its phases and edges are
 * declared in connection/connectionMachine.ts; each attempt is a ConnectAttempt (which owns its
 * endpoint and ChatSession), and recoveryFor picks the edge after a failure or a loss.
 */
export class ChatConnection implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly machine: ConnectionMachine;
  private readonly endpointEmitter = new Emitter<EndpointStateEvent>();
  private readonly messageEmitter = new Emitter<ChatMessage>();
  private readonly reconnector: Reconnector;
  private readonly logger: Logger;
  private readonly invitations: PendingInvitations;
  private readonly roomService: RoomServiceImpl;
  private readonly ctx: ConnectionContext;
  /** Names and presence of the people in the rooms (the pool's contact cards and states). */
  readonly presence: PresenceDirectory;
  /** The live attempt (or the last one, closed after a failure); undefined after disconnect. */
  private attempt: ConnectAttempt | undefined;
  private readonly losses: AttemptLosses = {
    endpointLost: (attempt, reason) => this.endpointLost(attempt, reason),
    chatLost: (attempt, reason) => this.chatLost(attempt, reason),
  };

  readonly onStatusChanged: Event<ConnectionStatus>;
  readonly onEndpointStateChanged = this.endpointEmitter.event;
  /** A new invitation (not dismissed, not already pending). */
  readonly onInvitationReceived: Event<ChatRoomInvitation>;
  readonly onInvitationsChanged: Event<void>;
  readonly onMessage = this.messageEmitter.event;

  constructor(options: ChatConnectionOptions) {
    this.logger = (options.logger ?? nullLogger).child('connection');
    const store = options.invitations ?? new MemoryInvitationStore();
    this.machine = this.disposables.add(new ConnectionMachine(options.userUri));
    this.onStatusChanged = this.machine.onStatusChanged;
    this.roomService = new RoomServiceImpl({ uri: options.userUri, displayName: options.displayName, store: options.followedRooms, logger: this.logger });
    this.invitations = this.disposables.add(new PendingInvitations(store, this.roomService));
    this.onInvitationReceived = this.invitations.onReceived;
    this.onInvitationsChanged = this.invitations.onChanged;
    this.disposables.add(this.roomService.onDidChangeFollowed(() => this.invitations.roomsChanged()));
    this.presence = this.disposables.add(new PresenceDirectory(options.userUri));
    this.disposables.add(this.presence.onDidChange(() => this.roomService.setSelfDisplayName(this.presence.selfDisplayName)));
    this.ctx = {
      options, logger: this.logger, invitationStore: store, invitations: this.invitations, rooms: this.roomService, presence: this.presence,
      memory: new ChatServerMemory(options.poolMemory, this.logger, options.chatUri), endpointEvents: this.endpointEmitter, messages: this.messageEmitter,
    };
    const watcher = options.watchNetwork === false ? undefined : this.disposables.add(new NetworkWatcher());
    this.reconnector = this.disposables.add(new Reconnector((signal) => this.runAttempt(this.startAttempt(), signal), { ...options.reconnect, wake: watcher?.onChange, logger: this.logger }));
    this.disposables.add(this.reconnector.onReconnecting((e) => this.machine.take('retry', {
      lastError: e.reason, attempt: e.attempt, nextAttemptAt: new Date(Date.now() + e.delayMs),
    })));
    this.disposables.add(this.reconnector.onGaveUp((reason) => this.machine.take('fail', { lastError: reason })));
    for (const e of [this.endpointEmitter, this.messageEmitter]) this.disposables.add(e);
  }

  get status(): ConnectionStatus {
    return this.machine.status;
  }

  get pendingInvitations(): ChatRoomInvitation[] {
    return this.invitations.list;
  }

  get joinedRooms(): string[] {
    return this.roomService.joinedUris();
  }

  /** Find, follow, read and post in rooms; followed rooms are re-joined on every connect. */
  get rooms(): RoomService & Pick<RoomServiceImpl, 'join' | 'leave' | 'isFollowed' | 'settled'> {
    return this.roomService;
  }

  /**
   * The Persistent Chat room management web page provisioning named at the last connect: the
   * external address when signed in from outside (through an Access Edge), else the internal one.
   * Undefined before a connect, or when the pool names none. Not yet checked: a network value.
   */
  get roomManagementUrl(): string | undefined {
    return this.ctx.memory.roomManagementUrl;
  }

  get chatEndpoint(): PersistentChatEndpoint | undefined {
    return this.attempt?.chat;
  }

  /**
   * Connects; resolves once signed in (and the chat session is up unless noChat). On a retriable
   * failure the Reconnector keeps trying in the background (status Reconnecting) and this rejects
   * with the first error; on a non-retriable one the status is Error. Cancelled through `signal`,
   * it ends Disconnected.
   */
  async connect(signal?: AbortSignal): Promise<void> {
    const phase = this.machine.status.phase;
    if (phase === 'Connected' || phase === 'Connecting') return;
    this.reconnector.resume();
    const attempt = this.startAttempt();
    try {
      await this.runAttempt(attempt, signal ?? new AbortController().signal);
    } catch (error) {
      const reason = LyncError.from(error);
      if (attempt === this.attempt) this.firstConnectFailed(reason);
      throw reason;
    }
  }

  /** The user's Disconnect: signs out and never reconnects by itself. */
  async disconnect(): Promise<void> {
    this.reconnector.stop();
    const attempt = this.attempt;
    this.attempt = undefined;
    await attempt?.close();
    // A connect() made while signing out wins.
    if (this.attempt === undefined) this.machine.take('disconnect', { lastError: undefined });
  }

  /**
   * Resolves once Connected (retrying transient failures meanwhile); rejects with a non-transient
   * error, or after `timeoutMs` with a Timeout naming the last error. For one-shot commands.
   */
  waitConnected(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return waitConnected(this, timeoutMs, signal);
  }

  async acceptInvitation(id: number, signal?: AbortSignal): Promise<void> {
    const invitation = this.invitations.get(id);
    if (!invitation) throw new LyncError('ProtocolError', `There is no pending invitation ${id}.`, { retriable: false });
    const chat = this.chatEndpoint;
    if (!chat || chat.state !== 'Established') throw new LyncError('ConnectionLost', 'Not connected to the Persistent Chat server.');
    await this.roomService.follow([invitation.room.uri], signal);
    this.invitations.settle(id);
  }

  dismissInvitation(id: number): void {
    this.invitations.settle(id);
  }

  dispose(): void {
    this.reconnector.stop();
    const attempt = this.attempt;
    this.attempt = undefined;
    void attempt?.close();
    this.roomService.dispose();
    this.disposables.dispose();
  }

  /**
   * A new attempt replaces the previous one at once (its late events are ignored from now on); it
   * starts running once the previous one has ended, unless a loss already ended it (a de-register
   * over a dead connection could take a SIP timeout).
   */
  private startAttempt(): ConnectAttempt {
    this.machine.take('connect');
    const previous = this.attempt;
    const previousEnded = previous && !previous.isClosing ? previous.close() : undefined;
    this.attempt = new ConnectAttempt(this.ctx, this.losses, previousEnded);
    return this.attempt;
  }

  /** Runs the attempt to Connected; on failure closes it and rethrows (the caller picks the edge). */
  private async runAttempt(attempt: ConnectAttempt, signal: AbortSignal): Promise<void> {
    try {
      const chatServerUri = await attempt.run(signal);
      if (attempt !== this.attempt) throw new LyncError('Aborted', 'A newer attempt replaced this one.');
      attempt.goLive();
      this.machine.take('connected', { server: attempt.server, chatServerUri, lastError: undefined, attempt: undefined, nextAttemptAt: undefined });
    } catch (error) {
      await attempt.close();
      throw LyncError.from(error);
    }
    this.catchUpRooms(attempt);
  }

  /** The user's connect failed: cancelled → Disconnected; otherwise the recovery policy picks the edge. */
  private firstConnectFailed(reason: LyncError): void {
    if (reason.code !== 'Aborted') {
      this.recover(reason);
      return;
    }
    this.reconnector.stop();
    this.attempt = undefined;
    this.machine.take('disconnect', { lastError: undefined });
  }

  /** After a failure or a loss that ended the attempt: `fail` → Error, `retry` → the Reconnector (whose announcement takes the retry edge). */
  private recover(reason: LyncError): void {
    if (recoveryFor(reason, { signedIn: false }) === 'fail') this.machine.take('fail', { lastError: reason });
    else this.reconnector.connectionLost(reason);
  }

  private endpointLost(attempt: ConnectAttempt, reason: LyncError | undefined): void {
    if (attempt !== this.attempt || this.machine.phase !== 'Connected') return;
    const why = reason ?? new LyncError('ConnectionLost', 'The connection was lost.');
    this.logger.warn(`connection lost: ${why.message}`);
    void attempt.close();
    this.recover(why);
  }

  /** The chat session ended under a Connected connection: restart it alone while signed in, or fall back to the full policy. */
  private chatLost(attempt: ConnectAttempt, reason: LyncError | undefined): void {
    if (attempt !== this.attempt || this.machine.phase !== 'Connected') return;
    const why = reason ?? new LyncError('ConnectionLost', 'The chat session ended.');
    if (recoveryFor(why, { signedIn: attempt.signedIn }) !== 'restartChat') {
      this.endpointLost(attempt, why);
      return;
    }
    this.logger.warn(`chat session lost (${why.message}); restarting it from the lookup, staying signed in`);
    this.machine.take('restartChat', { lastError: why, attempt: 1, nextAttemptAt: new Date() });
    void this.restartChat(attempt);
  }

  private async restartChat(attempt: ConnectAttempt): Promise<void> {
    try {
      const chatServerUri = await attempt.restartChat();
      if (attempt !== this.attempt) return;
      attempt.goLive();
      this.machine.take('connected', { chatServerUri, lastError: undefined, attempt: undefined, nextAttemptAt: undefined });
    } catch (error) {
      if (attempt !== this.attempt || attempt.signal.aborted) return;
      const e = LyncError.from(error);
      this.logger.warn(`restarting the chat session failed: ${e.message}`);
      await attempt.close();
      if (attempt === this.attempt) this.recover(e);
      return;
    }
    this.catchUpRooms(attempt);
  }

  private catchUpRooms(attempt: ConnectAttempt): void {
    if (!attempt.chat) return;
    void this.roomService.connected(attempt.signal).catch((error) => this.logger.warn(`rooms: catching up failed: ${LyncError.from(error).message}`));
  }
}
