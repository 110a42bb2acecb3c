import type * as net from 'node:net';
import { LyncError } from '../../common/errors';
import { Emitter } from '../../common/events';
import { clampMs, KEEP_ALIVE } from '../../common/intervals';
import { Logger } from '../../common/logger';
import { SecurityAssociation } from '../auth/sipae';
import { SipFramer } from '../message/framer';
import { parseRawMessage, RawSipMessage } from '../message/rawMessage';
import { ConnectTarget, mapSocketError } from './connect';
import { WriteBudget } from './writeBudget';

/**
 * One SIP connection over TCP or TLS: framing, MS-SIPAE signing of every outgoing message and
 * verification of every incoming one, CRLF keep-alive, clean close. It is also the sip.js
 * `Core.Transport` (protocol + send), the single choke point where signing can happen.
 */
export class SipConnection {
  readonly protocol: 'TLS' | 'TCP';
  private readonly framer: SipFramer;
  private readonly budget: WriteBudget;
  private readonly messageEmitter = new Emitter<RawSipMessage>();
  private readonly closedEmitter = new Emitter<LyncError | undefined>();
  private sa: SecurityAssociation | undefined;
  private keepAliveMs = 0;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  /** Written this tick, not yet handed to the socket. */
  private pending: string[] = [];
  private lastSent = Date.now();
  private closed = false;

  /** Every verified (or pre-association) incoming message. */
  readonly onMessage = this.messageEmitter.event;
  /** Fires once when the connection ends; carries the error unless we closed it ourselves. */
  readonly onClosed = this.closedEmitter.event;

  constructor(
    private readonly socket: net.Socket,
    readonly target: ConnectTarget,
    private readonly logger: Logger,
  ) {
    this.protocol = target.transport === 'tls' ? 'TLS' : 'TCP';
    this.budget = new WriteBudget(socket);
    this.framer = new SipFramer((bytes) => this.receive(bytes), (kind) => {
      if (kind === 'ping') this.budget.pingReceived();
    });
    socket.setKeepAlive(true, 30_000);
    socket.on('data', (chunk: Buffer) => {
      try {
        this.framer.push(chunk);
      } catch (error) {
        this.fail(LyncError.from(error, 'ProtocolError'));
      }
      if (this.budget.takePong()) this.write('\r\n');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => this.fail(mapSocketError(error, target)));
    socket.on('close', () => this.fail(new LyncError('ConnectionLost', `The connection to ${target.host}:${target.port} was closed.`)));
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Bytes written but not yet taken by the OS (bounded: see WriteBudget). */
  get queuedBytes(): number {
    return this.budget.queued;
  }

  get localAddress(): string {
    return this.socket.localAddress ?? '127.0.0.1';
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  /** Installs (or, with undefined, drops) the MS-SIPAE security association. */
  setSecurityAssociation(sa: SecurityAssociation | undefined): void {
    this.sa = sa;
  }

  get securityAssociation(): SecurityAssociation | undefined {
    return this.sa;
  }

  /** sip.js Transport.send: every message sip.js writes passes here. */
  send(message: string): Promise<void> {
    if (this.closed) return Promise.reject(new LyncError('ConnectionLost', 'The connection is closed.'));
    const text = this.sa && !isHandshakeMessage(message) ? this.sa.sign(message) : message;
    this.logger.trace(`→ ${firstLine(text)}\n${text}`);
    this.write(text);
    return Promise.resolve();
  }

  /** Sends a CRLFCRLF ping whenever nothing was sent for the server's ms-keep-alive timeout. */
  setKeepAlive(seconds: number): void {
    this.keepAliveMs = clampMs(seconds, KEEP_ALIVE);
    this.scheduleKeepAlive();
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { clearTimeout(force); resolve(); };
      const force = setTimeout(() => { this.socket.destroy(); }, 1000);
      this.socket.once('close', done);
      this.flush(); // what this tick wrote (a BYE, an unREGISTER) still leaves before the FIN
      this.markClosed(undefined);
      this.socket.end();
    });
  }

  dispose(): void {
    if (!this.closed) {
      this.flush();
      this.markClosed(undefined);
    }
    this.socket.destroy();
  }

  private write(text: string): void {
    if (this.closed) return;
    if (!this.budget.admits(Buffer.byteLength(text))) {
      this.fail(new LyncError('ConnectionLost', `${this.target.host}:${this.target.port} is not reading what we send (${Math.round(this.budget.queued / 1024)} KB queued); the connection was dropped.`));
      return;
    }
    this.lastSent = Date.now();
    // what one tick writes (the 200s to a burst of INFOs, pipelined requests) leaves as one string, one system call
    this.pending.push(text);
    if (this.pending.length === 1) process.nextTick(() => this.flush());
    // the timer, once set, re-arms itself from lastSent: no timer churn per message
    if (this.keepAliveMs && !this.keepAliveTimer) this.scheduleKeepAlive();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0] as string : this.pending.join('');
    this.pending = [];
    if (!this.closed) this.socket.write(text);
  }

  private scheduleKeepAlive(): void {
    if (this.keepAliveTimer) clearTimeout(this.keepAliveTimer);
    if (this.closed || !this.keepAliveMs) return;
    const due = Math.max(0, this.lastSent + this.keepAliveMs - Date.now());
    this.keepAliveTimer = setTimeout(() => {
      this.keepAliveTimer = undefined;
      if (Date.now() - this.lastSent >= this.keepAliveMs - 5) {
        this.logger.trace('→ keep-alive CRLFCRLF');
        this.write('\r\n\r\n');
      }
      this.scheduleKeepAlive();
    }, due);
  }

  private receive(bytes: Buffer): void {
    if (this.closed) return;
    let message: RawSipMessage;
    try {
      message = parseRawMessage(bytes);
    } catch (error) {
      this.fail(LyncError.from(error, 'ProtocolError'));
      return;
    }
    this.logger.trace(`← ${message.startLine}\n${message.text}`);
    if (this.sa) {
      const verdict = this.sa.verify(message);
      if (verdict === 'invalid') {
        this.fail(new LyncError('SignatureInvalid', `The server's signature on "${message.startLine}" is invalid; the connection was dropped.`, { retriable: false }));
        return;
      }
      // Unsigned messages are only accepted where a new handshake may be under way (MS-SIPAE 3.2.5.2).
      if (verdict === 'unsigned' && !(message.status === 401 || cseqMethod(message) === 'REGISTER')) {
        this.logger.debug(`dropped unsigned message: ${message.startLine}`);
        return;
      }
    }
    this.messageEmitter.fire(message);
  }

  private fail(error: LyncError): void {
    if (this.closed) return;
    this.logger.debug(`connection ${this.target.host}:${this.target.port} closed: ${error.message}`);
    this.markClosed(error);
    this.socket.destroy();
  }

  private markClosed(error: LyncError | undefined): void {
    this.closed = true;
    if (this.keepAliveTimer) clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
    this.framer.reset();
    this.closedEmitter.fire(error);
    this.closedEmitter.dispose();
    this.messageEmitter.dispose();
  }
}

function isHandshakeMessage(text: string): boolean {
  // The REGISTERs of the handshake carry gssapi-data and are signed (or not) by the registration itself.
  return /gssapi-data=/i.test(text) && /^(?:proxy-)?authorization:[^\r\n]*gssapi-data=/im.test(text);
}

function cseqMethod(message: RawSipMessage): string | undefined {
  return message.header('cseq')?.trim().split(/\s+/)[1]?.toUpperCase();
}

function firstLine(text: string): string {
  const end = text.indexOf('\r\n');
  return end < 0 ? text : text.slice(0, end);
}
