import { randomBytes } from 'node:crypto';
import { Core, Grammar, URI } from 'sip.js';
import { withTimeout } from '../common/abort';
import { parseIncoming, rejectMalformed } from './malformed';
import { LyncError } from '../common/errors';
import { Disposable, DisposableStore, disposableTimeout, Emitter } from '../common/events';
import { Logger } from '../common/logger';
import type { SecurityAssociation } from './auth/securityAssociation';
import { lyncify } from './message/lyncText';
import { RawSipMessage, headerParam } from './message/rawMessage';
import { SipDialog } from './sipDialog';
import { bracketIpv6, ParsedUris } from './uri';
import { Handshake, ReauthGuard } from './reauthGuard';
import { sipjsLoggerFactory } from './sipjsLogger';
import { SipResponse, toSipResponse } from './sipResponse';
import type { ConnectTarget } from './transport/connect';
import { SipConnection } from './transport/sipConnection';

export type { SipResponse } from './sipResponse';
export { SipDialog } from './sipDialog';

export interface SipStackOptions {
  /** The local endpoint's address of record, e.g. sip:alice@contoso.com. */
  aor: string;
  /** Stable endpoint id (10 hex) put in every From as `epid=`. */
  epid: string;
  userAgent: string;
  logger: Logger;
}

export interface RequestOptions {
  headers?: string[];
  body?: { contentType: string; content: string };
  callId?: string;
  cseq?: number;
  fromTag?: string;
  /** In-dialog requests sent out of sip.js's dialogs (a SUBSCRIBE refresh): the peer's tag. */
  toTag?: string;
  toUri?: string;
  /**
   * A header computed from the text of the very message it goes on (an MS-SIPAE AUTHENTICATE signs
   * the REGISTER that carries it).
   */
  authorize?: { header: string; value(messageText: string): string };
}

/** One out-of-dialog request: method, request URI, and how to build it. */
export interface SipRequest extends RequestOptions {
  method: string;
  uri: string;
}

export interface SendOptions { signal?: AbortSignal; timeoutMs?: number }

/** What an INVITE came to: a dialog on 2xx (ACKed), else the final response alone. */
export interface DialogResult {
  dialog?: SipDialog;
  response: SipResponse;
}

/** An incoming BENOTIFY / out-of-dialog NOTIFY, already parsed. */
export interface IncomingNotification {
  event: string;
  raw: RawSipMessage;
}

/**
 * sip.js's UserAgentCore (transactions, dialogs, grammar) on one SipConnection, plus what it gets
 * wrong for Lync, owned here rather than patched: BENOTIFY (no response), INFO on a stale Call-ID
 * (487, so the server drops the old dialog), epid on every From, the exact Supported tags.
 */
export class SipStack implements Disposable {
  private readonly core: Core.UserAgentCore;
  readonly aorUri: URI;
  private readonly contactState: { uri: URI; gruu: URI | undefined; text: string };
  private readonly disposables = new DisposableStore();
  private readonly notificationEmitter = new Emitter<IncomingNotification>();
  private readonly logger: Logger;
  /** Request and To URIs parsed once per string: sip.js clones what it is given, and each Grammar call costs ~0.3 ms. */
  private readonly parsedUris = new ParsedUris();
  private readonly reauth = new ReauthGuard(() => this.connection.securityAssociation);
  /** Call-IDs of subscriptions kept above sip.js (presence): their in-dialog NOTIFYs are answered 200 and reported. */
  private readonly subscriptionCallIds = new Set<string>();
  /** Renews an association with a lifetime (Kerberos) before it ends. */
  private renewal: Disposable | undefined;
  readonly onNotification = this.notificationEmitter.event;

  constructor(private readonly connection: SipConnection, private readonly options: SipStackOptions) {
    this.logger = options.logger;
    const aor = Grammar.URIParse(options.aor);
    if (!aor) throw new LyncError('InvalidSettings', `"${options.aor}" is not a SIP URI.`);
    this.aorUri = aor;
    const local = `${bracketIpv6(connection.localAddress)}:${connection.localPort}`;
    const contactUri = Grammar.URIParse(`sip:${local};transport=${connection.protocol.toLowerCase()}`) ?? aor;
    this.contactState = { uri: contactUri, gruu: undefined, text: `<${contactUri.toString()}>` };
    const loggerFactory = sipjsLoggerFactory(this.logger);
    const contactState = this.contactState;
    this.core = new Core.UserAgentCore({
      aor,
      contact: {
        get uri() { return contactState.uri; },
        get pubGruu() { return contactState.gruu; },
        tempGruu: undefined,
        toString: () => contactState.text,
      },
      displayName: '',
      loggerFactory,
      hackViaTcp: false,
      routeSet: [],
      sipjsId: randomBytes(3).toString('hex'),
      supportedOptionTags: [],
      supportedOptionTagsResponse: [],
      userAgentHeaderFieldValue: options.userAgent,
      viaForceRport: false,
      viaHost: local,
      authenticationFactory: () => undefined,
      transportAccessor: () => this.transport,
    });
    this.disposables.add(connection.onMessage((message) => this.receive(message)));
    this.disposables.add(this.notificationEmitter);
  }

  /** The transport sip.js writes through: fixes up its text for Lync, then the connection signs. */
  private readonly transport: Core.Transport = {
    protocol: '',
    send: (message: string) => this.connection.send(lyncify(message, this.options.aor, this.options.epid)),
  };

  /** Our Contact value (`<uri>` plus params), the GRUU once the registrar gave one. */
  get contact(): string {
    return this.contactState.text;
  }

  setContact(text: string, gruu?: string): void {
    const inner = /<([^>]+)>/.exec(text)?.[1] ?? text;
    this.contactState.uri = Grammar.URIParse(inner) ?? this.contactState.uri;
    this.contactState.gruu = gruu ? Grammar.URIParse(gruu) : undefined;
    this.contactState.text = text;
  }

  get localAddress(): string {
    return this.connection.localAddress;
  }

  get localPort(): number {
    return this.connection.localPort;
  }

  get protocol(): 'TLS' | 'TCP' {
    return this.connection.protocol;
  }

  /** The server this stack's connection went to. */
  get target(): ConnectTarget {
    return this.connection.target;
  }

  get isOpen(): boolean {
    return this.connection.isOpen;
  }

  /** Fires once when the connection closes (with why, if it was not asked to). */
  get onClosed(): SipConnection['onClosed'] {
    return this.connection.onClosed;
  }

  get securityAssociation(): SecurityAssociation | undefined {
    return this.connection.securityAssociation;
  }

  /**
   * Signs what is sent and verifies what is received from now on (undefined: stop). The association
   * replaced is released; one with a lifetime of its own (Kerberos) is renewed before it ends.
   */
  setSecurityAssociation(sa: SecurityAssociation | undefined): void {
    const previous = this.connection.securityAssociation;
    this.connection.setSecurityAssociation(sa);
    if (previous && previous !== sa) previous.dispose();
    this.renewal?.dispose();
    this.renewal = sa?.renewAfterMs !== undefined ? disposableTimeout(() => void this.renewAssociation(sa), sa.renewAfterMs) : undefined;
  }

  private async renewAssociation(sa: SecurityAssociation): Promise<void> {
    if (this.connection.securityAssociation !== sa) return;
    this.logger.info('the security association is about to expire: authenticating again');
    // a failed handshake ends the session through the endpoint's own handler
    await this.reauth.renew().catch(() => undefined);
  }

  /**
   * Who runs the sign-in handshake again when a request is challenged (401/407) mid-session; the
   * request is then resent once. REGISTER is never resent here: the registration answers its own.
   */
  setReauthentication(handshake: Handshake | undefined): void {
    this.reauth.setHandshake(handshake);
  }

  /**
   * In-dialog NOTIFYs with this Call-ID (a SUBSCRIBE dialog sent with send()) are answered 200 and
   * fired on onNotification, like out-of-dialog ones; without this, sip.js answers them 481.
   */
  acceptNotifications(callId: string): Disposable {
    this.subscriptionCallIds.add(callId);
    return { dispose: () => { this.subscriptionCallIds.delete(callId); } };
  }

  setKeepAlive(seconds: number): void {
    this.connection.setKeepAlive(seconds);
  }

  /**
   * Sends an out-of-dialog request in its own transaction; resolves with the final response (any
   * status). A challenged non-REGISTER request is resent once after a new handshake (same Call-ID
   * and From tag, next CSeq).
   */
  send(request: SipRequest, options: SendOptions = {}): Promise<SipResponse> {
    const first = this.build(request);
    const sendOnce = (message: Core.OutgoingRequestMessage) => this.request(message, options).then(toSipResponse);
    if (request.method === 'REGISTER') return sendOnce(first);
    return this.reauth.send((resend) => sendOnce(resend ? this.buildResend(request, first) : first));
  }

  /** The same request in a new transaction: same Call-ID and From tag, the next CSeq. */
  private buildResend(request: SipRequest, first: Core.OutgoingRequestMessage): Core.OutgoingRequestMessage {
    return this.build({ ...request, method: first.method, callId: first.callId, fromTag: first.fromTag, cseq: first.cseq + 1 });
  }

  /**
   * INVITE (out of dialog) and wait for the final response: a 2xx is ACKed and yields the dialog.
   * Rejects on timeout, abort or connection loss; a 2xx arriving after that is ended with BYE.
   */
  async openDialog(request: SipRequest, options: { signal?: AbortSignal; timeoutMs: number }): Promise<DialogResult> {
    const first = this.build({ ...request, method: 'INVITE' });
    let result: DialogResult | undefined;
    // A challenged INVITE is resent once after a new handshake (same Call-ID and From tag, next CSeq).
    await this.reauth.send(async (resend) => {
      const message = resend ? this.buildResend(request, first) : first;
      result = await this.invite(message, request.uri, options);
      return result.response;
    });
    if (!result) throw new LyncError('ProtocolError', `INVITE ${request.uri} got no answer.`);
    return result;
  }

  private async invite(message: Core.OutgoingRequestMessage, uri: string, options: { signal?: AbortSignal; timeoutMs: number }): Promise<DialogResult> {
    (this.transport as { protocol: string }).protocol = this.connection.protocol;
    const inDialog = (m: Core.OutgoingRequestMessage, o: SendOptions) => this.request(m, o).then(toSipResponse);
    let outgoing: Core.OutgoingInviteRequest | undefined;
    const answered = new Promise<DialogResult>((resolve) => {
      const refused = (response: Core.IncomingResponse) => resolve({ response: toSipResponse(response.message) });
      outgoing = this.core.invite(message, {
        onAccept: (response) => {
          response.ack();
          resolve({ dialog: new SipDialog(response.session, inDialog, this.reauth), response: toSipResponse(response.message) });
        },
        onReject: refused,
        onRedirect: refused,
      });
    });
    const closed = new Promise<never>((_, reject) => {
      const sub = this.connection.onClosed((e) => reject(e ?? new LyncError('ConnectionLost', 'The connection closed.')));
      void answered.finally(() => sub.dispose()).catch(() => undefined);
      if (!this.connection.isOpen) reject(new LyncError('ConnectionLost', 'The connection is closed.'));
    });
    try {
      return await withTimeout(Promise.race([answered, closed]), { timeoutMs: options.timeoutMs, signal: options.signal, what: `INVITE ${uri}` });
    } catch (error) {
      outgoing?.dispose();
      // A late 200 OK would leave a dialog nobody owns: end it if it comes.
      void answered.then(async ({ dialog }) => {
        if (!dialog) return;
        await withTimeout(dialog.bye(), { timeoutMs: 2000, what: 'BYE' }).catch(() => undefined);
        dialog.dispose();
      });
      throw error;
    }
  }

  /** Closes the connection gracefully (TLS close_notify / FIN), waiting for it. */
  closeConnection(): Promise<void> {
    return this.connection.close();
  }

  /** Disposes the stack and closes its connection. */
  close(): void {
    this.dispose();
    this.connection.dispose();
  }

  private build(request: SipRequest): Core.OutgoingRequestMessage {
    const message = this.makeRequest(request.method, request.uri, request);
    if (request.authorize) message.setHeader(request.authorize.header, request.authorize.value(message.toString()));
    return message;
  }

  /** Builds an out-of-dialog request with sip.js's message class and exactly the headers given. */
  private makeRequest(method: string, requestUri: string, options: RequestOptions = {}): Core.OutgoingRequestMessage {
    const ruri = this.parsedUris.get(requestUri);
    const to = this.parsedUris.get(options.toUri ?? requestUri);
    if (!ruri || !to) throw new LyncError('InvalidSettings', `"${requestUri}" is not a SIP URI.`);
    (this.transport as { protocol: string }).protocol = this.connection.protocol;
    // sip.js merges options with Object.assign: an explicit `undefined` would override its defaults.
    const messageOptions: Core.OutgoingRequestMessageOptions = {
      callIdPrefix: '',
      cseq: options.cseq ?? 1,
      optionTags: [],
      userAgentString: this.options.userAgent,
      viaHost: `${bracketIpv6(this.connection.localAddress)}:${this.connection.localPort}`,
    };
    if (options.callId) messageOptions.callId = options.callId;
    if (options.fromTag) messageOptions.fromTag = options.fromTag;
    if (options.toTag) messageOptions.toTag = options.toTag;
    return new Core.OutgoingRequestMessage(method, ruri, this.aorUri, to, messageOptions, options.headers, options.body ? { contentDisposition: 'render', contentType: options.body.contentType, content: options.body.content } : undefined);
  }

  /**
   * Sends a non-INVITE request in its own client transaction and resolves with the final response
   * (any status; callers decide). Rejects on timeout/abort/connection loss.
   */
  private request(message: Core.OutgoingRequestMessage, options: SendOptions = {}): Promise<Core.IncomingResponseMessage> {
    (this.transport as { protocol: string }).protocol = this.connection.protocol;
    let outgoing: Core.OutgoingRequest | undefined;
    const response = new Promise<Core.IncomingResponseMessage>((resolve) => {
      const settle = (r: Core.IncomingResponse) => resolve(r.message);
      outgoing = this.core.request(message, { onAccept: settle, onReject: settle, onRedirect: settle });
    });
    const closed = new Promise<never>((_, reject) => {
      const sub = this.connection.onClosed((error) => reject(error ?? new LyncError('ConnectionLost', 'The connection was closed.')));
      void response.finally(() => sub.dispose()).catch(() => undefined);
      if (!this.connection.isOpen) reject(new LyncError('ConnectionLost', 'The connection is closed.'));
    });
    return withTimeout(Promise.race([response, closed]), {
      timeoutMs: options.timeoutMs ?? 30_000,
      signal: options.signal,
      what: `${message.method} ${message.ruri.toString()}`,
    }).finally(() => outgoing?.dispose());
  }

  dispose(): void {
    this.disposables.dispose();
    this.core.dispose();
    this.setSecurityAssociation(undefined);
  }

  private receive(raw: RawSipMessage): void {
    if (raw.isRequest && raw.method === 'BENOTIFY') {
      // Best-effort NOTIFY: Lync expects no response at all.
      this.notificationEmitter.fire({ event: raw.header('event') ?? '', raw });
      return;
    }
    if (raw.isRequest && raw.method === 'INFO' && headerParam(raw.header('to') ?? '', 'tag') && !this.hasDialog(raw)) {
      // A previous run's chat dialog: 487 tells the server to drop it (else messages arrive twice).
      this.replyStateless(raw, 487, 'Request Terminated');
      return;
    }
    const message = parseIncoming(raw, this.core.loggerFactory.getLogger('sip.parser'));
    if (!message) return this.malformed(raw, 'sip.js cannot parse it');
    try {
      this.dispatch(message, raw);
    } catch (error) {
      this.malformed(raw, error instanceof Error ? error.message : String(error));
    }
  }

  private malformed(raw: RawSipMessage, why: string): void {
    const reply = rejectMalformed(raw, why, this.logger);
    if (reply) void this.connection.send(reply).catch(() => undefined);
  }

  private dispatch(message: Core.IncomingRequestMessage | Core.IncomingResponseMessage, raw: RawSipMessage): void {
    if (message instanceof Core.IncomingRequestMessage) {
      if (message.method === 'NOTIFY' && (!message.toTag || this.subscriptionCallIds.has(message.callId))) {
        this.notificationEmitter.fire({ event: raw.header('event') ?? '', raw });
        this.core.replyStateless(message, { statusCode: 200 });
        return;
      }
      this.core.receiveIncomingRequestFromTransport(message);
    } else {
      this.core.receiveIncomingResponseFromTransport(message);
    }
  }

  private hasDialog(raw: RawSipMessage): boolean {
    const callId = raw.header('call-id');
    for (const dialog of this.core.dialogs.values()) if (dialog.callId === callId) return true;
    return false;
  }

  private replyStateless(raw: RawSipMessage, status: number, reason: string): void {
    const message = Core.Parser.parseMessage(raw.text, this.core.loggerFactory.getLogger('sip.parser'));
    if (message instanceof Core.IncomingRequestMessage) this.core.replyStateless(message, { statusCode: status, reasonPhrase: reason });
  }
}
