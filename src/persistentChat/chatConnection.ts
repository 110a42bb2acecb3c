import { delay } from '../common/abort';
import { LyncError } from '../common/errors';
import { Disposable, DisposableStore, Emitter, Event } from '../common/events';
import { Logger, nullLogger } from '../common/logger';
import { LocalEndpointBase } from '../endpoint/localEndpoint';
import { chooseChatUri, ProvisioningData } from '../endpoint/provisioning';
import { StateChanged } from '../endpoint/state';
import { InvitationStore, MemoryInvitationStore } from './invitationStore';
import { NetworkWatcher } from './networkWatcher';
import { PendingInvitations } from './pendingInvitations';
import { PersistentChatEndpoint } from './persistentChatEndpoint';
import { Reconnector, ReconnectorOptions } from './reconnector';
import { recoveryFor, retryDelayMs, waitConnected } from './recoveryPolicy';
import { RoomServiceImpl } from './rooms/roomService';
import type { FollowedRoomStore, RoomService } from './rooms/types';
import type { ChatMessage, ChatRoomInvitation } from './xccos/types';

/** Per XCCOS command: a stalled chat server is noticed within this (a pool answers in milliseconds). */
const CHAT_COMMAND_TIMEOUT_MS = 10_000;

export type ConnectionPhase = 'Disconnected' | 'Connecting' | 'Connected' | 'Reconnecting' | 'Error';

export interface ConnectionStatus {
  phase: ConnectionPhase;
  userUri: string;
  /** host:port of the connection, once connected. */
  server?: string;
  chatServerUri?: string;
  /** When the current phase began. */
  since: Date;
  lastError?: LyncError;
  /** While Reconnecting: when the next attempt starts. */
  nextAttemptAt?: Date;
  attempt?: number;
}

export interface EndpointStateEvent {
  endpoint: 'user' | 'application' | 'chat';
  change: StateChanged;
}

export interface ChatConnectionOptions {
  userUri: string;
  /** A fresh UserEndpoint/ApplicationEndpoint per attempt (endpoints are single-use, as in UCMA). */
  createEndpoint: () => LocalEndpointBase;
  endpointKind?: 'user' | 'application';
  /** Persistent Chat lookup URI override (else provisioning, else sip:ocschat@<domain>). */
  chatUri?: string;
  /** Stop after signing in (CLI --no-chat). */
  noChat?: boolean;
  invitations?: InvitationStore;
  /** Followed rooms and their last-read markers (default: in memory). */
  followedRooms?: FollowedRoomStore;
  /** The user's display name, for mentions (the user part of the SIP URI always counts). */
  displayName?: string;
  logger?: Logger;
  reconnect?: Omit<ReconnectorOptions, 'logger' | 'wake'>;
  /** Watch for wake from sleep and network changes (default true). */
  watchNetwork?: boolean;
  commandTimeoutMs?: number;
}

/**
 * The whole client flow, shared by the CLI and the extension: sign in, read provisioning, choose
 * the chat URI, establish the PersistentChatEndpoint, keep pending invitations, and recover from
 * drops through the Reconnector (re-joining the rooms that were open).
 */
export class ChatConnection implements Disposable {
  private readonly disposables = new DisposableStore();
  private attemptDisposables = new DisposableStore();
  /** The attempt's "Terminated means lost" handlers; dropped first on teardown (see there). */
  private lossWatch = new DisposableStore();
  private readonly statusEmitter = new Emitter<ConnectionStatus>();
  private readonly endpointEmitter = new Emitter<EndpointStateEvent>();
  private readonly messageEmitter = new Emitter<ChatMessage>();
  private readonly reconnector: Reconnector;
  /** The chat server of the last session: a reconnect goes straight to it (the lookup is the fallback). */
  private knownChatServerUri: string | undefined;
  /** The lookup service provisioning named in the last session (refreshed by each connect). */
  private knownLookupUri: string | undefined;
  private readonly store: InvitationStore;
  private readonly logger: Logger;
  private readonly invitations: PendingInvitations;
  private endpoint: LocalEndpointBase | undefined;
  private chat: PersistentChatEndpoint | undefined;
  private current: ConnectionStatus;
  private readonly roomService: RoomServiceImpl;
  private userStopped = true;
  /** The current chat session's event forwarding, and its "Terminated means lost" watch. */
  private chatScope = new DisposableStore();
  private chatWatch = new DisposableStore();
  private chatRestart: AbortController | undefined;

  readonly onStatusChanged = this.statusEmitter.event;
  readonly onEndpointStateChanged = this.endpointEmitter.event;
  /** A new invitation (not dismissed, not already pending). */
  readonly onInvitationReceived: Event<ChatRoomInvitation>;
  readonly onInvitationsChanged: Event<void>;
  readonly onMessage = this.messageEmitter.event;

  constructor(private readonly options: ChatConnectionOptions) {
    this.logger = (options.logger ?? nullLogger).child('connection');
    this.store = options.invitations ?? new MemoryInvitationStore();
    this.current = { phase: 'Disconnected', userUri: options.userUri, since: new Date() };
    this.roomService = new RoomServiceImpl({ uri: options.userUri, displayName: options.displayName, store: options.followedRooms, logger: this.logger });
    const watcher = options.watchNetwork === false ? undefined : this.disposables.add(new NetworkWatcher());
    this.reconnector = this.disposables.add(new Reconnector((signal) => this.attempt(signal), { ...options.reconnect, wake: watcher?.onChange, logger: this.logger }));
    this.disposables.add(this.reconnector.onReconnecting((e) => this.setStatus({
      phase: 'Reconnecting', lastError: e.reason, attempt: e.attempt, nextAttemptAt: new Date(Date.now() + e.delayMs),
    })));
    this.invitations = this.disposables.add(new PendingInvitations(this.store, this.roomService));
    this.onInvitationReceived = this.invitations.onReceived;
    this.onInvitationsChanged = this.invitations.onChanged;
    this.disposables.add(this.roomService.onDidChangeFollowed(() => this.invitations.roomsChanged()));
    this.disposables.add(this.reconnector.onGaveUp((reason) => this.setStatus({ phase: 'Error', lastError: reason })));
    for (const e of [this.statusEmitter, this.endpointEmitter, this.messageEmitter]) this.disposables.add(e);
  }

  get status(): ConnectionStatus {
    return this.current;
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

  get chatEndpoint(): PersistentChatEndpoint | undefined {
    return this.chat;
  }

  /**
   * Connects; resolves once signed in (and the chat session is up unless noChat). On a retriable
   * failure the Reconnector keeps trying in the background (status Reconnecting) and this rejects
   * with the first error; on a non-retriable one the status is Error.
   */
  async connect(signal?: AbortSignal): Promise<void> {
    if (this.current.phase === 'Connected' || this.current.phase === 'Connecting') return;
    this.userStopped = false;
    this.reconnector.resume();
    try {
      await this.attempt(signal ?? new AbortController().signal);
    } catch (error) {
      const reason = LyncError.from(error);
      if (!this.userStopped && reason.code !== 'Aborted') this.failed(reason);
      throw reason;
    }
  }

  /** The user's Disconnect: signs out and never reconnects by itself. */
  async disconnect(): Promise<void> {
    this.userStopped = true;
    this.reconnector.stop();
    await this.teardown();
    this.setStatus({ phase: 'Disconnected', lastError: undefined });
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
    if (!this.chat || this.chat.state !== 'Established') throw new LyncError('ConnectionLost', 'Not connected to the Persistent Chat server.');
    await this.roomService.follow([invitation.room.uri], signal);
    this.invitations.settle(id);
  }

  dismissInvitation(id: number): void {
    this.invitations.settle(id);
  }

  dispose(): void {
    this.userStopped = true;
    this.reconnector.stop();
    void this.teardown();
    this.attemptDisposables.dispose();
    this.roomService.dispose();
    this.disposables.dispose();
  }

  private async attempt(signal: AbortSignal): Promise<void> {
    await this.teardown();
    this.setStatus({ phase: 'Connecting' });
    const scope = new DisposableStore();
    this.attemptDisposables = scope;
    const watch = new DisposableStore();
    this.lossWatch = watch;
    const endpoint = this.options.createEndpoint();
    this.endpoint = endpoint;
    const kind = this.options.endpointKind ?? 'user';
    scope.add(endpoint.onStateChanged((change) => this.endpointEmitter.fire({ endpoint: kind, change })));
    try {
      await endpoint.establish(signal);
      let chatServerUri: string | undefined;
      if (!this.options.noChat) chatServerUri = await this.establishChat(endpoint, signal);
      watch.add(endpoint.onStateChanged((change) => { if (change.state === 'Terminated') this.lost(change.reason); }));
      if (endpoint.state !== 'Established') throw new LyncError('ConnectionLost', 'The connection was lost while connecting.');
      const target = endpoint.sipStack.target;
      this.setStatus({ phase: 'Connected', server: `${target.host}:${target.port}`, chatServerUri, lastError: undefined, attempt: undefined, nextAttemptAt: undefined });
      if (this.chat) void this.roomService.connected(signal).catch((error) => this.logger.warn(`rooms: catching up failed: ${LyncError.from(error).message}`));
    } catch (error) {
      await this.teardown();
      throw LyncError.from(error);
    }
  }

  private async readProvisioning(endpoint: LocalEndpointBase, signal: AbortSignal): Promise<ProvisioningData | undefined> {
    if (this.options.chatUri) return undefined;
    const info = endpoint.registration;
    if (info && !info.allowEvents.some((e) => e.toLowerCase() === 'vnd-microsoft-provisioning-v2')) {
      this.logger.info('the registrar offers no provisioning-v2 (Lync 2010 or older): using sip:ocschat@<domain>');
      return undefined;
    }
    try {
      return await endpoint.getProvisioningData(signal);
    } catch (error) {
      const e = LyncError.from(error);
      if (e.code === 'Aborted' || e.code === 'ConnectionLost') throw e;
      this.logger.warn(`provisioning failed (${e.message}); falling back to sip:ocschat@<domain>`);
      return undefined;
    }
  }

  private lost(reason: LyncError | undefined): void {
    if (this.userStopped || this.current.phase !== 'Connected') return;
    const why = reason ?? new LyncError('ConnectionLost', 'The connection was lost.');
    this.logger.warn(`connection lost: ${why.message}`);
    void this.teardown();
    this.failed(why);
  }

  private failed(reason: LyncError): void {
    if (reason.retriable) {
      this.reconnector.connectionLost(reason);
    } else {
      this.setStatus({ phase: 'Error', lastError: reason });
    }
  }

  /** Ends the attempt's endpoints; their Terminating/Terminated still reach onEndpointStateChanged. */
  private async teardown(): Promise<void> {
    this.lossWatch.dispose();
    this.chatWatch.dispose();
    this.chatRestart?.abort();
    this.chatRestart = undefined;
    const chatScope = this.chatScope;
    const scope = this.attemptDisposables;
    const chat = this.chat;
    const endpoint = this.endpoint;
    this.chat = undefined;
    this.endpoint = undefined;
    this.roomService.detach();
    try {
      await chat?.terminate();
      await endpoint?.terminate();
    } finally {
      chatScope.dispose();
      scope.dispose();
    }
  }

  /**
   * Opens the chat session over the signed-in endpoint. A failure that only ended the chat session
   * (BYE, 481, a chat timeout) while the endpoint stays signed in is retried once at once from the
   * lookup; anything else goes to the caller's policy.
   */
  private async establishChat(endpoint: LocalEndpointBase, signal: AbortSignal): Promise<string | undefined> {
    try {
      return await this.openChat(endpoint, signal);
    } catch (error) {
      const reason = LyncError.from(error);
      if (signal.aborted || recoveryFor(reason, { signedIn: this.signedIn(endpoint) }) !== 'restartChat') throw reason;
      // A refusal with Retry-After (503 to the chat INVITE) is waited out here too, not only by the Reconnector.
      const waitMs = retryDelayMs(0, reason);
      this.logger.warn(`chat session failed while connecting (${reason.message}); opening it again${waitMs ? ` in ${Math.round(waitMs / 1000)} s (Retry-After)` : ''}`);
      if (waitMs > 0) await delay(waitMs, signal);
      return this.openChat(endpoint, signal);
    }
  }

  private async openChat(endpoint: LocalEndpointBase, signal: AbortSignal): Promise<string | undefined> {
    this.chatWatch.dispose();
    this.chatScope.dispose();
    const scope = new DisposableStore();
    const watch = new DisposableStore();
    this.chatScope = scope;
    this.chatWatch = watch;
    // Provisioning only names the lookup service: when the last session already told us, it runs
    // alongside the chat connect instead of before it (one round trip less on every reconnect).
    const provisioning = this.readProvisioning(endpoint, signal);
    provisioning.catch(() => undefined);
    const remembered = this.knownLookupUri;
    const lookupUri = remembered ?? chooseChatUri(await provisioning, endpoint.domain, this.options.chatUri);
    const chat = new PersistentChatEndpoint(lookupUri, endpoint, {
      invitations: this.store,
      rejoinRooms: this.roomService.rejoinList(),
      knownChatServerUri: this.knownChatServerUri,
      commandTimeoutMs: this.options.commandTimeoutMs ?? CHAT_COMMAND_TIMEOUT_MS,
      logger: this.options.logger,
    });
    this.chat = chat;
    scope.add(chat.onConnectionStateChanged((change) => this.endpointEmitter.fire({ endpoint: 'chat', change })));
    scope.add(chat.onChatRoomInvitationReceived((inv) => this.invitations.received(inv)));
    scope.add(chat.onMessageReceived((m) => this.messageEmitter.fire(m)));
    this.roomService.attach(chat);
    try {
      await chat.establish(signal);
    } catch (error) {
      const provisioned = remembered === undefined || signal.aborted ? undefined : await this.movedLookupUri(remembered, provisioning, endpoint, error);
      if (provisioned === undefined) throw error;
      // The chat server and the lookup service of the last session both refused, and provisioning
      // now names another lookup service (the pool was moved): start again from there.
      this.logger.info(`the lookup service of the last session (${remembered}) refused: ${LyncError.from(error).message}; provisioning now names ${provisioned}`);
      this.knownLookupUri = undefined;
      this.knownChatServerUri = undefined;
      await chat.terminate();
      return this.openChat(endpoint, signal);
    }
    this.knownChatServerUri = chat.chatServerUri;
    this.knownLookupUri = chooseChatUri(await provisioning, endpoint.domain, this.options.chatUri);
    watch.add(chat.onConnectionStateChanged((change) => { if (change.state === 'Terminated') this.chatLost(endpoint, change.reason); }));
    return chat.chatServerUri;
  }

  /**
   * The lookup URI provisioning names now, when it is not the remembered one that just failed the
   * chat connect (refused, not lost: a lost connection is the caller's to recover); else undefined.
   */
  private async movedLookupUri(remembered: string, provisioning: Promise<ProvisioningData | undefined>, endpoint: LocalEndpointBase, error: unknown): Promise<string | undefined> {
    const code = LyncError.from(error).code;
    if (code === 'Aborted' || code === 'ConnectionLost') return undefined;
    let provisioned: string;
    try {
      provisioned = chooseChatUri(await provisioning, endpoint.domain, this.options.chatUri);
    } catch {
      return undefined;
    }
    return provisioned.toLowerCase() === remembered.toLowerCase() ? undefined : provisioned;
  }

  /** True while the endpoint is signed in over an open connection (a lost chat session can then be restarted alone). */
  private signedIn(endpoint: LocalEndpointBase): boolean {
    return endpoint === this.endpoint && endpoint.state === 'Established' && endpoint.sipStack.isOpen;
  }

  /** The chat session ended under a Connected connection: restart it alone, or fall back to the full policy. */
  private chatLost(endpoint: LocalEndpointBase, reason: LyncError | undefined): void {
    if (this.userStopped || this.current.phase !== 'Connected') return;
    const why = reason ?? new LyncError('ConnectionLost', 'The chat session ended.');
    if (recoveryFor(why, { signedIn: this.signedIn(endpoint) }) !== 'restartChat') {
      this.lost(why);
      return;
    }
    this.logger.warn(`chat session lost (${why.message}); restarting it from the lookup, staying signed in`);
    const controller = new AbortController();
    this.chatRestart = controller;
    this.setStatus({ phase: 'Reconnecting', lastError: why, attempt: 1, nextAttemptAt: new Date() });
    void this.openChat(endpoint, controller.signal).then((chatServerUri) => {
      if (controller.signal.aborted || this.userStopped) return;
      this.chatRestart = undefined;
      this.setStatus({ phase: 'Connected', chatServerUri, lastError: undefined, attempt: undefined, nextAttemptAt: undefined });
      void this.roomService.connected(controller.signal).catch((e) => this.logger.warn(`rooms: catching up failed: ${LyncError.from(e).message}`));
    }, async (error: unknown) => {
      if (controller.signal.aborted || this.userStopped) return;
      this.chatRestart = undefined;
      const e = LyncError.from(error);
      this.logger.warn(`restarting the chat session failed: ${e.message}`);
      await this.teardown();
      if (!this.userStopped) this.failed(e);
    });
  }

  private setStatus(change: Partial<ConnectionStatus> & { phase: ConnectionPhase }): void {
    const phaseChanged = change.phase !== this.current.phase;
    this.current = { ...this.current, ...change, since: phaseChanged ? new Date() : this.current.since };
    this.statusEmitter.fire(this.current);
  }
}
