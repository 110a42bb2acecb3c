/**
 * One client connection to the simulated pool: framing, the message log, MS-SIPAE signing of
 * everything sent once a security association exists, the stall fault, and the per-connection
 * authentication and registration state. It is also the SimSession the chat layer sends through.
 */
import { LyncError } from '../src/common/errors';
import { SipFramer } from '../src/sip/message/framer';
import { parseRawMessage, RawSipMessage } from '../src/sip/message/rawMessage';
import type { SimUser, TrustedApplication } from './config';
import type { AcceptedSocket, ListenerRole, ListenerTransport } from './listener';
import type { MessageLog } from './messageLog';
import { buildResponse, lyncTag, ResponseOptions, withContentLength } from './responses';
import type { SimFaults, SimSession } from './types';

/** The server side of an MS-SIPAE security association, as the connection uses it. */
export interface MessageSigner {
  /** The message with `Authentication-Info: NTLM rspauth=…` added. */
  sign(text: string): string;
  verify(message: RawSipMessage): 'valid' | 'unsigned' | 'invalid';
}

export interface Registration {
  aor: string;
  /** The Contact URI the client registered (its GRUU is `gruu`). */
  contact: string;
  gruu: string | undefined;
  expiresAt: number;
  timer: NodeJS.Timeout;
}

export interface ConnectionHost {
  readonly log: MessageLog;
  readonly faults: SimFaults;
  readonly maxMessageBytes: number;
  onMessage(connection: SimConnection, message: RawSipMessage): void;
  onClosed(connection: SimConnection): void;
}

export class SimConnection implements SimSession {
  userUri: string | undefined;
  contact: string | undefined;
  /** Set when NTLM completed on this connection (never for trusted applications or Digest). */
  signer: MessageSigner | undefined;
  /** Set when the client presented the certificate of a configured trusted application. */
  trustedApplication: TrustedApplication | undefined;
  /** The user that passed NTLM or Digest on this connection. */
  authenticatedUser: SimUser | undefined;
  registration: Registration | undefined;
  /** The To tag of every REGISTER response on this connection (Lync keeps one per connection). */
  readonly registrarTag = lyncTag();
  /** Pending NTLM CHALLENGEs by opaque; Digest nonces issued. Owned by auth.ts. */
  readonly authState: { challenges: Map<string, unknown>; nonces: Set<string> } = { challenges: new Map(), nonces: new Set() };
  keepAlivesAnswered = 0;
  /** ip:port of the client. */
  readonly remote: string;
  readonly remotePort: number;
  private readonly framer: SipFramer;
  private readonly stallTimers = new Set<NodeJS.Timeout>();
  private releaseAt = 0;
  private closed = false;
  /** Socket reads so far: messages from one read were all written before the pool answered any of them. */
  private reads = 0;
  /** While corked: what write() produced, sent as one chunk by uncork(). */
  private corked: string[] | undefined;

  constructor(
    readonly connectionId: number,
    readonly role: ListenerRole,
    readonly transport: ListenerTransport,
    private readonly accepted: AcceptedSocket,
    private readonly host: ConnectionHost,
  ) {
    const socket = accepted.socket;
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    this.remotePort = socket.remotePort ?? 0;
    this.framer = new SipFramer((bytes) => this.receive(bytes), (kind) => this.keepAlive(kind), { maxMessageBytes: host.maxMessageBytes });
    socket.on('data', (chunk: Buffer) => {
      if (this.closed) return;
      this.reads++;
      try {
        this.framer.push(chunk);
      } catch (error) {
        this.close(`unreadable input: ${LyncError.from(error).message}`);
      }
    });
    socket.on('error', (error) => this.note(`socket error: ${error.message}`));
    socket.on('close', () => this.closedNow());
    this.note(`connection from ${this.remote}${accepted.clientCertificateNames.length ? ` (client certificate ${accepted.clientCertificateNames.join(', ')})` : ''}`);
  }

  get open(): boolean {
    return !this.closed;
  }


  get clientCertificateNames(): readonly string[] {
    return this.accepted.clientCertificateNames;
  }

  /** Timers this connection holds (stalled sends, registration expiry). */
  get pendingTimers(): number {
    return this.stallTimers.size + (this.registration ? 1 : 0);
  }

  /** SimSession: send now (the chat layer applies the stall fault itself). */
  send(messageText: string): void {
    this.write(messageText);
  }

  /** SimSession: a response to `request`, sent now. */
  respond(request: RawSipMessage, status: number, reason: string, options: Omit<ResponseOptions, 'received'> = {}): void {
    this.write(buildResponse(request, status, reason, { ...options, received: this.received() }));
  }

  /** A response from the SIP layer itself: delayed while the stall fault is on. */
  reply(request: RawSipMessage, status: number, reason?: string, options: Omit<ResponseOptions, 'received'> = {}): void {
    this.sendStalled(buildResponse(request, status, reason, { ...options, received: this.received() }));
  }

  /** Sends `text` after the current stall (keeping order with earlier stalled messages). */
  sendStalled(text: string): void {
    const now = Date.now();
    if (this.host.faults.stallMs <= 0 && this.releaseAt <= now) {
      this.write(text);
      return;
    }
    this.releaseAt = Math.max(this.releaseAt, now + Math.max(0, this.host.faults.stallMs));
    const timer = setTimeout(() => {
      this.stallTimers.delete(timer);
      this.write(text);
    }, this.releaseAt - now);
    timer.unref();
    this.stallTimers.add(timer);
  }

  /** Writes bytes as they are: no Content-Length fix, no signature (the malformed-frame fault). */
  writeRaw(bytes: string | Buffer, why: string): void {
    if (this.closed) return;
    this.note(why);
    if (this.corked?.length) {
      // keep order with what is held; the cork stays on
      this.accepted.socket.write(this.corked.join(''));
      this.corked = [];
    }
    this.accepted.socket.write(bytes);
  }

  /**
   * SimSession: hold what is sent (signed and logged as usual, in order) until uncork(), which writes
   * it all in one socket write: what a server under load does with a burst for one connection.
   */
  cork(): void {
    if (!this.closed) this.corked ??= [];
  }

  /** SimSession: writes what cork() held, as one chunk. */
  uncork(): void {
    const held = this.corked;
    this.corked = undefined;
    if (held?.length && !this.closed) this.accepted.socket.write(held.length === 1 ? held[0] : held.join(''));
  }

  /** Closes the connection (FIN); `why` goes to the log. */
  close(why: string): void {
    if (this.closed) return;
    this.note(`closing connection: ${why}`);
    this.closedNow();
    this.accepted.socket.destroy();
  }

  /** Drops the connection with a TCP RST. */
  reset(why: string): void {
    if (this.closed) return;
    this.note(`resetting connection: ${why}`);
    this.closedNow();
    try {
      this.accepted.raw.resetAndDestroy();
    } catch {
      this.accepted.raw.destroy();
    }
    this.accepted.socket.destroy();
  }

  note(line: string): void {
    this.host.log.note(`${this.role} ${this.transport} conn ${this.connectionId}: ${line}`);
  }

  private received(): { port: number; cid: number } {
    return { port: this.remotePort, cid: this.connectionId };
  }

  private write(messageText: string): void {
    if (this.closed) return;
    let text = withContentLength(messageText);
    if (this.signer) text = this.signer.sign(text);
    if (this.signer && this.host.faults.corruptSignatures) text = text.replace(/rspauth="([0-9a-f])/i, (_, c: string) => `rspauth="${c === '0' ? '1' : '0'}`);
    this.host.log.record('out', this.meta(), text);
    if (this.corked) this.corked.push(text);
    else this.accepted.socket.write(text);
  }

  private receive(bytes: Buffer): void {
    if (this.closed) return;
    let message: RawSipMessage;
    try {
      message = parseRawMessage(bytes);
    } catch (error) {
      this.host.log.record('in', this.meta(), bytes.toString('utf8'));
      this.close(`unparseable message: ${LyncError.from(error).message}`);
      return;
    }
    this.host.log.record('in', this.meta(), message.text);
    try {
      this.host.onMessage(this, message);
    } catch (error) {
      // a bug in the simulator must show up in the log and on the wire, not crash the test process
      this.note(`error handling ${message.startLine}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      if (message.isRequest && message.method !== 'ACK') this.reply(message, 500, 'Server Internal Error');
    }
  }

  private keepAlive(kind: 'ping' | 'pong'): void {
    if (kind !== 'ping' || this.closed) return;
    this.keepAlivesAnswered++;
    // RFC 5626 §4.4.1: a CRLFCRLF ping is answered with a single CRLF pong
    if (this.corked) this.corked.push('\r\n');
    else this.accepted.socket.write('\r\n');
  }

  private meta(): { connectionId: number; role: ListenerRole; transport: ListenerTransport; remote: string; read: number } {
    return { connectionId: this.connectionId, role: this.role, transport: this.transport, remote: this.remote, read: this.reads };
  }

  private closedNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.corked = undefined;
    for (const timer of this.stallTimers) clearTimeout(timer);
    this.stallTimers.clear();
    if (this.registration) clearTimeout(this.registration.timer);
    this.registration = undefined;
    this.note('connection closed');
    this.host.onClosed(this);
  }
}
