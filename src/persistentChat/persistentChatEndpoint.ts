import { reportUnrecognized } from '../common/diagnostics';
import { LyncError } from '../common/errors';
import { DisposableStore, Emitter } from '../common/events';
import { Logger, nullLogger } from '../common/logger';
import type { LocalEndpoint } from '../endpoint/localEndpoint';
import { domainOf } from '../endpoint/localEndpoint';
import { EndpointState, EndpointStateMachine } from '../endpoint/state';
import { ChatDialog } from './chatDialog';
import { InvitationStore, MemoryInvitationStore } from './invitationStore';
import * as cmd from './xccos/commands';
import { EnvelopeIdSource } from './xccos/envelope';
import type { XccosItem, XccosReply } from './xccos/envelope';
import { decodeHistory, decodeInvitations, decodeJoin, decodeParticipantChange, decodeRequri, decodeRoomList, decodeServerInfo } from './xccos/replies';
import type { ChatMessage, ChatRoomInvitation, ChatRoomSummary, JoinedRoom, ServerInfo } from './xccos/types';
import { XccosSession } from './xccosSession';

export interface PersistentChatEndpointOptions {
  /** Per XCCOS command (default 15 s). */
  commandTimeoutMs?: number;
  invitations?: InvitationStore;
  /** Rooms to join as soon as the session is up (cmd:bjoin): re-joining after a reconnect. */
  rejoinRooms?: string[];
  /**
   * The chat server the lookup named last time (ChatConnection keeps it across reconnects): tried
   * first, skipping the lookup dialog; on any refusal the lookup runs as usual.
   */
  knownChatServerUri?: string;
  logger?: Logger;
}

export interface ParticipantChanged { roomUri: string; kind: 'join' | 'part'; users: string[] }

/** The server took the signed-in user out of a joined room (an `ntc:part` naming the user). */
export interface RemovedFromRoom { roomUri: string }

/**
 * The UCMA PersistentChatEndpoint over a signed-in local endpoint: the two-dialog establish
 * (lookup INVITE → cmd:requri → BYE → INVITE the chat server), cmd:getserverinfo, pending
 * invitations (cmd:getinv with the stored high-water mark) and live ones, rooms, history, posts.
 */
export class PersistentChatEndpoint {
  private readonly machine = new EndpointStateMachine();
  private readonly disposables = new DisposableStore();
  private readonly invitationEmitter = new Emitter<ChatRoomInvitation>();
  private readonly messageEmitter = new Emitter<ChatMessage>();
  private readonly participantEmitter = new Emitter<ParticipantChanged>();
  private readonly removedEmitter = new Emitter<RemovedFromRoom>();
  /** Refusals (`rpl:grpchat`) by the envid of the post they answer. */
  private readonly postRefusals = new Map<string, XccosReply>();
  private readonly abort = new AbortController();
  private readonly ids = new EnvelopeIdSource();
  private readonly store: InvitationStore;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly rooms = new Map<string, JoinedRoom>();
  private readonly seenMessages = new Set<string>();
  /** History records' parts and kinds this client does not show, reported once each (never their content). */
  private readonly historyOptions = { onIgnored: (why: string) => reportUnrecognized(this.logger, `xccos: ${why}`) };
  private session: XccosSession | undefined;
  private serverUri: string | undefined;
  private info: ServerInfo | undefined;
  private terminating: Promise<void> | undefined;
  private dropReason: LyncError | undefined;

  readonly onConnectionStateChanged = this.machine.onStateChanged;
  readonly onChatRoomInvitationReceived = this.invitationEmitter.event;
  readonly onMessageReceived = this.messageEmitter.event;
  readonly onParticipantChanged = this.participantEmitter.event;
  readonly onRemovedFromRoom = this.removedEmitter.event;

  constructor(readonly lookupUri: string, private readonly localEndpoint: LocalEndpoint, private readonly options: PersistentChatEndpointOptions = {}) {
    this.logger = (options.logger ?? localEndpoint.logger ?? nullLogger).child('chat');
    this.timeoutMs = options.commandTimeoutMs ?? 15_000;
    this.store = options.invitations ?? new MemoryInvitationStore();
    for (const e of [this.invitationEmitter, this.messageEmitter, this.participantEmitter, this.removedEmitter]) this.disposables.add(e);
  }

  get state(): EndpointState {
    return this.machine.state;
  }

  /** The chat server the lookup service named (after establish). */
  get chatServerUri(): string | undefined {
    return this.serverUri;
  }

  get serverInfo(): ServerInfo | undefined {
    return this.info;
  }

  get joinedRooms(): string[] {
    return [...this.rooms.keys()];
  }

  /** A joined room as the last `rpl:join`/`rpl:bjoin` described it. */
  getJoinedRoom(uri: string): JoinedRoom | undefined {
    return this.rooms.get(uri) ?? [...this.rooms.values()].find((r) => r.uri.toLowerCase() === uri.toLowerCase());
  }

  private get domain(): string {
    return domainOf(this.localEndpoint.ownerUri);
  }

  async establish(signal?: AbortSignal): Promise<void> {
    if (this.state !== 'Idle') throw new LyncError('ProtocolError', `establish() needs an Idle chat endpoint; it is ${this.state}.`, { retriable: false });
    this.machine.transition('Establishing');
    const onAbort = () => this.abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      this.disposables.add(this.localEndpoint.onStateChanged((e) => {
        if (e.state === 'Terminated' || e.state === 'Terminating') this.drop(e.reason ?? new LyncError('ConnectionLost', 'The signed-in endpoint was terminated.'));
      }));
      if (this.localEndpoint.state !== 'Established') throw new LyncError('ConnectionLost', 'The local endpoint is not signed in.');
      const session = await this.openChatServer();
      // Independent commands go out together: one round trip, not three.
      const rejoin = this.options.rejoinRooms ?? [];
      const [info] = await Promise.all([
        session.command(cmd.getServerInfo(this.ids.next(), this.domain), 'rpl:getserverinfo', { signal: this.abort.signal }),
        rejoin.length ? this.joinRooms(rejoin) : undefined,
        this.fetchInvitations(),
      ]);
      this.info = decodeServerInfo(info.data);
      if ((this.state as EndpointState) !== 'Establishing') throw new LyncError('ConnectionLost', 'The chat session ended while connecting.');
      this.machine.transition('Established');
      this.logger.info(`connected to ${this.serverUri}`);
    } catch (error) {
      // A drop during establish aborts the pending steps: report the drop, not the abort.
      const reason = this.dropReason ?? LyncError.from(error);
      this.cleanup();
      if (this.machine.can('Terminated')) this.machine.transition('Terminated', reason);
      throw reason;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  terminate(): Promise<void> {
    this.terminating ??= this.doTerminate();
    return this.terminating;
  }

  dispose(): void {
    void this.terminate();
  }

  async joinChatRoom(uri: string, signal?: AbortSignal): Promise<JoinedRoom> {
    const session = this.requireSession();
    const reply = await session.command(cmd.join(this.ids.next(), uri), 'rpl:join', { signal });
    const joined = this.recordJoin(reply.data).find((r) => r.uri.toLowerCase() === uri.toLowerCase());
    return joined ?? this.rooms.get(uri) ?? { uri, name: uri, members: [], managers: [] };
  }

  /** Joins several rooms with one `cmd:bjoin`; resolves with those the server joined (refused ones are left out). */
  async joinChatRooms(uris: string[], signal?: AbortSignal): Promise<JoinedRoom[]> {
    const reply = await this.requireSession().command(cmd.bjoin(this.ids.next(), uris), 'rpl:bjoin', { signal });
    return this.recordJoin(reply.data);
  }

  async leaveChatRoom(uri: string, signal?: AbortSignal): Promise<void> {
    await this.requireSession().command(cmd.part(this.ids.next(), uri), 'rpl:part', { signal });
    this.rooms.delete(uri);
  }

  async browseChatRooms(criteria = '', signal?: AbortSignal): Promise<ChatRoomSummary[]> {
    const reply = await this.requireSession().command(cmd.chansrch(this.ids.next(), criteria), 'rpl:chansrch', { signal });
    return reply.rooms ?? decodeRoomList(reply.data);
  }

  async getRecentChatHistory(uri: string, count = 25, signal?: AbortSignal): Promise<ChatMessage[]> {
    return decodeHistory((await this.requireSession().command(cmd.bccontext(this.ids.next(), uri, count), 'rpl:bccontext', { signal })).data, this.historyOptions);
  }

  /**
   * Posts plain text and resolves once the server stored it, with the message as the server keeps
   * it (its timestamp). A server answers a post only to refuse it (`rpl:grpchat`) and handles a
   * dialog's commands in order, so the reply to the room's newest messages, asked in the same write
   * (one round trip, not two), proves the post was accepted (and a refusal has arrived before it).
   */
  async sendChatMessage(uri: string, text: string, signal?: AbortSignal): Promise<ChatMessage> {
    if (!this.getJoinedRoom(uri)) throw new LyncError('CommandFailed', `Join ${uri} before posting to it.`, { retriable: false });
    const session = this.requireSession();
    const author = this.localEndpoint.ownerUri;
    const post = cmd.grpchat(this.ids.next(), { roomUri: uri, author, text, timestamp: new Date() });
    try {
      const [, confirmation] = await Promise.all([
        session.post(post),
        session.command(cmd.bccontext(this.ids.next(), uri, 10), 'rpl:bccontext', { signal }),
      ]);
      const recent = decodeHistory(confirmation.data);
      const refusal = this.postRefusals.get(post.envid);
      if (refusal) {
        throw new LyncError('CommandFailed', `The chat server refused the post: ${refusal.text || refusal.code}.`, { xccosCode: refusal.code, diagnostics: refusal.text, retriable: false });
      }
      const sent = text.replace(/\r\n|\r/g, '\n');
      const stored = recent.reverse().find((m) => sameUser(m.author, author) && m.text.replace(/\r\n|\r/g, '\n') === sent);
      return stored ?? { roomUri: uri, author, timestamp: new Date(), text };
    } finally {
      this.postRefusals.delete(post.envid);
    }
  }

  /**
   * The chat-server session: straight to the server known from the last session if there is one
   * (falling back to the lookup when it refuses), else lookup → cmd:requri, with the lookup dialog's
   * BYE sent alongside the chat server's INVITE rather than before it (pidgin-sipe does the same).
   */
  private async openChatServer(): Promise<XccosSession> {
    const known = this.options.knownChatServerUri;
    if (known) {
      try {
        const session = await this.openSession(known);
        this.serverUri = known;
        return session;
      } catch (error) {
        const e = LyncError.from(error);
        if (this.abort.signal.aborted || e.code === 'Aborted' || e.code === 'ConnectionLost' || this.dropReason) throw e;
        this.logger.info(`the chat server of the last session (${known}) refused: ${e.message}; asking the lookup service`);
      }
    }
    const { uri, closing } = await this.lookup();
    this.serverUri = uri;
    try {
      return await this.openSession(uri);
    } finally {
      await closing;
    }
  }

  /** Resolves with the chat server URI and the lookup dialog's closing (BYE already sent, not awaited). */
  private async lookup(): Promise<{ uri: string; closing: Promise<void> }> {
    const stack = this.localEndpoint.sipStack;
    let dialog: ChatDialog;
    try {
      dialog = await ChatDialog.open(stack, this.lookupUri, this.logger, { signal: this.abort.signal, timeoutMs: this.timeoutMs });
    } catch (error) {
      const e = LyncError.from(error);
      if (e.sipStatus === 403 || e.sipStatus === 404 || e.sipStatus === 480 || e.sipStatus === 488) {
        throw new LyncError('PersistentChatDisabled', `No Persistent Chat service answers at ${this.lookupUri} (${e.sipStatus}${e.diagnostics ? `: ${e.diagnostics}` : ''}).`, { sipStatus: e.sipStatus, diagnostics: e.diagnostics, retriable: false });
      }
      throw e;
    }
    const lookup = new XccosSession(dialog, this.logger, this.timeoutMs);
    let uri: string | undefined;
    try {
      const reply = await lookup.command(cmd.requri(this.ids.next()), 'rpl:requri', { signal: this.abort.signal });
      uri = decodeRequri(reply.data);
      if (!uri) throw new LyncError('ProtocolError', 'The Persistent Chat lookup service returned no chat server URI.');
    } catch (error) {
      lookup.dispose();
      await dialog.close(3000);
      if (LyncError.is(error, 'CommandFailed')) throw new LyncError('PersistentChatDisabled', `The Persistent Chat lookup service refused the request: ${error.message}`, { xccosCode: error.xccosCode, retriable: false });
      throw error;
    }
    lookup.dispose();
    return { uri, closing: dialog.close(3000) };
  }

  private async openSession(uri: string): Promise<XccosSession> {
    const dialog = await ChatDialog.open(this.localEndpoint.sipStack, uri, this.logger, { signal: this.abort.signal, timeoutMs: this.timeoutMs });
    const session = this.disposables.add(new XccosSession(dialog, this.logger, this.timeoutMs));
    this.session = session;
    this.disposables.add(dialog.onEnded((e) => this.drop(e.error ?? new LyncError('ConnectionLost', 'The chat session ended.'))));
    this.disposables.add(session.onMessage((m) => this.message(m)));
    this.disposables.add(session.onUnsolicited((item) => this.unsolicited(item)));
    return session;
  }

  private async joinRooms(uris: string[]): Promise<void> {
    try {
      const reply = await this.requireSession(true).command(cmd.bjoin(this.ids.next(), uris), 'rpl:bjoin', { signal: this.abort.signal });
      this.recordJoin(reply.data);
    } catch (error) {
      // A room that went away must not keep the user offline.
      if (!LyncError.is(error, 'CommandFailed')) throw error;
      this.logger.warn(`re-joining rooms failed: ${error.message}`);
    }
  }

  private async fetchInvitations(): Promise<void> {
    try {
      const reply = await this.requireSession(true).command(cmd.getinv(this.ids.next(), this.store.highWaterMark, this.domain), 'rpl:getinv', { signal: this.abort.signal });
      this.invitations(reply.data);
    } catch (error) {
      if (!LyncError.is(error, 'CommandFailed')) throw error;
      this.logger.warn(`fetching invitations failed: ${error.message}`);
    }
  }

  private invitations(data: XccosItemData): void {
    for (const invitation of decodeInvitations(data, { onIgnored: (why) => reportUnrecognized(this.logger, `xccos invitation: ${why}`) })) {
      if (this.store.isHandled(invitation.id)) continue;
      this.invitationEmitter.fire(invitation);
    }
  }

  private recordJoin(data: XccosItemData): JoinedRoom[] {
    const joined = decodeJoin(data).rooms;
    for (const room of joined) this.rooms.set(room.uri, room);
    return joined;
  }

  private message(message: ChatMessage): void {
    // The server may push history after a join and we may ask for it too: show each message once.
    const key = `${message.roomUri}\n${message.author}\n${message.timestamp.getTime()}\n${message.text}`;
    if (this.seenMessages.has(key)) return;
    this.seenMessages.add(key);
    if (this.seenMessages.size > 5000) this.seenMessages.delete(this.seenMessages.values().next().value as string);
    this.messageEmitter.fire(message);
  }

  private unsolicited(item: XccosItem): void {
    if (item.kind === 'notice' && /^ntc:(inv|invite)/.test(item.id)) {
      this.invitations(item.data);
    } else if (item.kind === 'notice' && /^ntc:(b?join|part)$/.test(item.id)) {
      const change = decodeParticipantChange(item);
      if (!change) return;
      const self = change.kind === 'part' && change.users.some((u) => sameUser(u, this.localEndpoint.ownerUri));
      if (self) {
        const room = this.getJoinedRoom(change.roomUri);
        if (room) this.rooms.delete(room.uri);
        this.removedEmitter.fire({ roomUri: room?.uri ?? change.roomUri });
        return;
      }
      this.participantEmitter.fire({ roomUri: change.roomUri, kind: change.kind, users: change.users });
    } else if (item.kind === 'reply' && item.id === 'rpl:bccontext') {
      for (const m of decodeHistory(item.data, this.historyOptions)) this.message(m);
    } else if (item.kind === 'reply' && item.id === 'rpl:grpchat') {
      if (item.commandEnvid) this.postRefusals.set(item.commandEnvid, item);
      this.logger.info(`post refused: ${item.code} ${item.text}`);
    } else if (item.kind === 'reply' && item.id === 'rpl:getinv') {
      this.invitations(item.data);
    } else {
      reportUnrecognized(this.logger, `xccos: unhandled ${item.kind} ${'id' in item ? item.id : ''}`);
    }
  }

  private requireSession(establishing = false): XccosSession {
    const ok = this.session && (this.state === 'Established' || (establishing && this.state === 'Establishing'));
    if (!ok || !this.session) throw new LyncError('ConnectionLost', 'Not connected to the Persistent Chat server.');
    return this.session;
  }

  /** The server ended the session (BYE, 481) or the connection dropped. */
  private drop(reason: LyncError): void {
    if (this.state !== 'Established' && this.state !== 'Establishing') return;
    this.logger.warn(`chat session lost: ${reason.message}`);
    if (this.state === 'Establishing') {
      this.dropReason ??= reason;
      this.abort.abort();
      return; // establish() reports it
    }
    // Terminated first: cleanup() ends the dialogs, whose own "ended" would otherwise re-enter
    // here and replace the real reason with a generic one.
    this.machine.transition('Terminated', reason);
    this.cleanup();
  }

  private doTerminate(): Promise<void> {
    return this.machine.shutdown({
      abort: () => this.abort.abort(),
      cleanup: () => this.cleanup(),
      closeGracefully: async () => { await this.session?.dialog.close(3000).catch(() => undefined); },
    });
  }

  private cleanup(): void {
    this.abort.abort();
    this.session?.dialog.dispose();
    this.session = undefined;
    this.disposables.dispose();
  }
}

type XccosItemData = Parameters<typeof decodeInvitations>[0];

function sameUser(a: string, b: string): boolean {
  const aor = (uri: string) => uri.trim().toLowerCase().replace(/^sips?:/, '').replace(/[;>].*$/, '');
  return aor(a) === aor(b);
}
