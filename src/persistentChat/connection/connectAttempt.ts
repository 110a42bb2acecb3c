import { throwIfAborted } from '../../common/abort';
import { LyncError } from '../../common/errors';
import { DisposableStore, toDisposable } from '../../common/events';
import type { LocalEndpointBase } from '../../endpoint/localEndpoint';
import type { PersistentChatEndpoint } from '../persistentChatEndpoint';
import { ChatOpening, openChat, openChatOnConnect } from './chatOpening';
import { ChatSession } from './chatSession';
import type { ConnectionContext } from './context';

/** How an attempt reports a loss once it is live (ChatConnection's recovery policy picks the edge). */
export interface AttemptLosses {
  /** The signed-in endpoint was Terminated. */
  endpointLost(attempt: ConnectAttempt, reason: LyncError | undefined): void;
  /** The chat session alone was Terminated. */
  chatLost(attempt: ConnectAttempt, reason: LyncError | undefined): void;
}

/**
 * One connect attempt, and — once it succeeded — the connection it made: a fresh signed-in
 * endpoint (endpoints are single-use, as in UCMA), its current ChatSession, the forwarding of the
 * endpoint's state, the loss watches, and an abort for whatever it still runs (a chat restart, the
 * rooms' catch-up). close() ends it all as a unit. New steps of a connect (a remembered
 * registrar, discovery, re-authentication) belong here.
 */
export class ConnectAttempt {
  /** Created when the attempt runs (after the replaced one ended), as a fresh endpoint per attempt. */
  private endpoint: LocalEndpointBase | undefined;
  private readonly forwarding = new DisposableStore();
  private readonly lossWatch = new DisposableStore();
  private readonly lifetime = new AbortController();
  private session: ChatSession | undefined;
  /** Set first thing in close() (before its synchronous part fires any event). */
  private ending = false;
  private closing: Promise<void> | undefined;
  private watchingEndpoint = false;

  /** `previousEnded`: the replaced attempt's close(), awaited before this one signs in. */
  constructor(private readonly ctx: ConnectionContext, private readonly losses: AttemptLosses, private readonly previousEnded?: Promise<void>) {}

  get chat(): PersistentChatEndpoint | undefined {
    return this.session?.chat;
  }

  /** host:port of the connection (once signed in). */
  get server(): string {
    const target = this.signedInEndpoint().sipStack.target;
    return `${target.host}:${target.port}`;
  }

  /** Aborted when the attempt closes. */
  get signal(): AbortSignal {
    return this.lifetime.signal;
  }

  get isClosing(): boolean {
    return this.ending;
  }

  /** True while the endpoint is signed in over an open connection (a lost chat session can then be restarted alone). */
  get signedIn(): boolean {
    return !this.ending && this.endpoint?.state === 'Established' && this.endpoint.sipStack.isOpen;
  }

  /** Signs in and opens the chat session (unless noChat); `signal` (the caller's) aborts it too. Returns the chat server URI. */
  async run(signal: AbortSignal): Promise<string | undefined> {
    const link = new DisposableStore();
    const abort = (): void => this.lifetime.abort();
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    link.add(toDisposable(() => signal.removeEventListener('abort', abort)));
    try {
      await this.previousEnded;
      throwIfAborted(this.signal);
      const endpoint = this.createEndpoint();
      await endpoint.establish(this.signal);
      if (this.ctx.options.noChat) return undefined;
      return (await openChatOnConnect(this.opening(endpoint))).chat.chatServerUri;
    } finally {
      link.dispose();
    }
  }

  /** The chat session ended while signed in: open a new one on the same endpoint (no second try here: the policy decides). */
  async restartChat(): Promise<string | undefined> {
    return (await openChat(this.opening(this.signedInEndpoint()))).chat.chatServerUri;
  }

  /**
   * The attempt (or a chat restart) succeeded: watch for losses from now on. Checked and armed in
   * one step with the caller's transition, so that no loss falls between them.
   */
  goLive(): void {
    if (this.ending) throw new LyncError('Aborted', 'The connection was closed.');
    const endpoint = this.signedInEndpoint();
    if (this.session && !this.session.isEstablished) throw new LyncError('ConnectionLost', 'The chat session ended while connecting.');
    if (!this.watchingEndpoint) {
      this.watchingEndpoint = true;
      // Names and presence once connected: never a round trip on the way to Connected.
      if ((this.ctx.options.endpointKind ?? 'user') === 'user') this.ctx.presence.attach(endpoint.sipStack, this.ctx.logger);
      this.lossWatch.add(endpoint.onStateChanged((change) => { if (change.state === 'Terminated') this.losses.endpointLost(this, change.reason); }));
    }
    const session = this.session;
    session?.watch((reason) => { if (this.session === session) this.losses.chatLost(this, reason); });
  }

  /** Ends the chat session and the endpoint; their Terminating/Terminated still reach the connection's events. Idempotent. */
  close(): Promise<void> {
    if (this.ending) return this.closing ?? Promise.resolve();
    this.ending = true;
    this.closing = this.end();
    return this.closing;
  }

  private async end(): Promise<void> {
    this.lossWatch.dispose();
    this.lifetime.abort();
    const session = this.session;
    this.session = undefined;
    this.ctx.rooms.detach();
    try {
      await this.ctx.presence.detach();
      await session?.close();
      await this.endpoint?.terminate();
    } catch (error) {
      this.ctx.logger.warn(`ending the connection: ${LyncError.from(error).message}`);
    } finally {
      this.forwarding.dispose();
    }
  }

  private createEndpoint(): LocalEndpointBase {
    const endpoint = this.ctx.options.createEndpoint();
    this.endpoint = endpoint;
    const kind = this.ctx.options.endpointKind ?? 'user';
    this.forwarding.add(endpoint.onStateChanged((change) => this.ctx.endpointEvents.fire({ endpoint: kind, change })));
    return endpoint;
  }

  /** The endpoint, signed in; else ConnectionLost. */
  private signedInEndpoint(): LocalEndpointBase {
    if (this.endpoint?.state !== 'Established') throw new LyncError('ConnectionLost', 'The connection was lost while connecting.');
    return this.endpoint;
  }

  private opening(endpoint: LocalEndpointBase): ChatOpening {
    return {
      ctx: this.ctx,
      endpoint,
      signal: this.signal,
      signedIn: () => this.signedIn,
      newSession: (lookupUri, known) => this.newSession(lookupUri, known),
    };
  }

  private async newSession(lookupUri: string, knownChatServerUri: string | undefined): Promise<ChatSession> {
    const previous = this.session;
    this.session = undefined;
    await previous?.close();
    if (this.ending || this.signal.aborted) throw new LyncError('Aborted', 'The connection was closed.');
    this.session = new ChatSession(lookupUri, this.signedInEndpoint(), knownChatServerUri, this.ctx);
    return this.session;
  }
}
