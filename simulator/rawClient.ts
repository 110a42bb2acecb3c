/**
 * Test side of the simulator's own suite: a raw TCP/TLS SIP client that writes messages as text
 * (built from the notes, see sipeMessages.ts) and reads what the pool sends. It uses only the SIP
 * primitives in src/sip/message and src/sip/auth, never the product's transports or endpoints.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { SecurityAssociation } from '../src/sip/auth/sipae';
import { SipFramer } from '../src/sip/message/framer';
import { parseRawMessage, RawSipMessage } from '../src/sip/message/rawMessage';

export interface ClientTls {
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
  pfx?: Buffer;
  passphrase?: string;
  /** SNI / name to verify (default pool0.contoso.com). */
  servername?: string;
}

export interface Received {
  message: RawSipMessage;
  /** With a security association: the verdict on the server's signature. */
  verdict?: 'valid' | 'unsigned' | 'invalid';
}

export class RawSipClient {
  readonly received: Received[] = [];
  pongs = 0;
  /** Set after NTLM sign-in: outgoing messages are signed, incoming ones verified. */
  sa: SecurityAssociation | undefined;
  closeReason: Error | undefined;
  private readonly framer: SipFramer;
  private waiters: Array<() => void> = [];
  private isClosed = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: net.Socket, readonly transport: 'TLS' | 'TCP') {
    this.framer = new SipFramer((bytes) => this.onMessage(bytes), undefined, { maxMessageBytes: 4 * 1024 * 1024 });
    socket.on('data', (chunk: Buffer) => {
      // the pool writes its CRLF pong on its own; the framer only reports a pong once a message follows it
      if (chunk.length === 2 && chunk.toString('latin1') === '\r\n') {
        this.pongs++;
        this.wake();
      }
      try {
        this.framer.push(chunk);
      } catch (error) {
        this.closeReason = error as Error;
        socket.destroy();
      }
    });
    socket.on('error', (error) => { this.closeReason ??= error; });
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.isClosed = true;
      this.wake();
      resolve();
    }));
  }

  static connect(port: number, options: { host?: string; tls?: ClientTls } = {}): Promise<RawSipClient> {
    const host = options.host ?? '127.0.0.1';
    return new Promise((resolve, reject) => {
      if (options.tls) {
        const socket = tls.connect({
          host, port, ca: options.tls.ca, cert: options.tls.cert, key: options.tls.key, pfx: options.tls.pfx, passphrase: options.tls.passphrase,
          // an IP address is checked against the certificate's IP SAN; SNI must not carry one (RFC 6066)
          servername: net.isIP(options.tls.servername ?? '') ? undefined : options.tls.servername ?? 'pool0.contoso.com', minVersion: 'TLSv1.2',
        }, () => resolve(new RawSipClient(socket, 'TLS')));
        socket.once('error', reject);
      } else {
        const socket = net.connect({ host, port }, () => resolve(new RawSipClient(socket, 'TCP')));
        socket.once('error', reject);
      }
    });
  }

  get open(): boolean {
    return !this.isClosed;
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  /** Sends a message (signed when a security association exists). */
  send(text: string): void {
    this.socket.write(this.sa ? this.sa.sign(text) : text);
  }

  sendRaw(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends a request and waits for its final response (same Call-ID and CSeq). */
  async request(text: string, timeoutMs = 5000): Promise<RawSipMessage> {
    const sent = parseRawMessage(text);
    const callId = sent.header('Call-ID');
    const cseq = sent.header('CSeq');
    const from = this.received.length;
    this.send(text);
    const got = await this.waitFor((r) => !r.message.isRequest && (r.message.status ?? 0) >= 200 &&
      r.message.header('Call-ID') === callId && r.message.header('CSeq') === cseq, timeoutMs, `response to ${sent.startLine}`, from);
    return got.message;
  }

  /** Waits for a message (received after index `from`) matching `match`. */
  async waitFor(match: (r: Received) => boolean, timeoutMs: number, what: string, from = 0): Promise<Received> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found) return found;
      if (this.isClosed) throw new Error(`connection closed while waiting for ${what}`);
      const left = end - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await this.sleepUntilWoken(left);
    }
  }

  /** Waits until the server closes the connection; false if it is still open after `timeoutMs`. */
  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    if (this.isClosed) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    const result = await Promise.race([this.closed.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  async waitPong(count: number, timeoutMs = 5000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.pongs < count) {
      if (this.isClosed) throw new Error('connection closed while waiting for a pong');
      const left = end - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a pong');
      await this.sleepUntilWoken(left);
    }
  }

  close(): Promise<void> {
    if (!this.isClosed) this.socket.destroy();
    return this.closed;
  }

  private onMessage(bytes: Buffer): void {
    const message = parseRawMessage(bytes);
    this.received.push({ message, verdict: this.sa?.verify(message) });
    this.wake();
  }

  private sleepUntilWoken(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const waiters = this.waiters;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      waiters.push(done);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
