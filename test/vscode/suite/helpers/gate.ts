/**
 * A loopback TCP relay between the extension and the simulated pool that the test opens and
 * closes, so a state that lasts "until the pool answers" lasts exactly as long as the test needs
 * to look at it — instead of as long as a stall or a back-off timer happens to last.
 *
 *   holdReplies(): on connections that reach the pool from now on, the pool's bytes stop at the
 *                  gate once the TLS handshake is done (the client has sent application data),
 *                  so the sign-in waits for its first answer; release() lets them through.
 *   refuse():      connections that reach the gate from now on are reset at once (a transient
 *                  network failure: the client keeps retrying); admit() relays them again.
 *                  (The gate keeps listening: closing and re-binding the port could lose it.)
 *
 * TLS stays end to end (the gate never decrypts): it only reads the 5-byte TLS record headers
 * the client sends, to see when application data starts.
 */
import { AddressInfo, createServer, Server, Socket, connect } from 'net';

const TLS_APPLICATION_DATA = 23;

interface Relay {
  client: Socket;
  upstream: Socket;
  /** Bytes the client still has to send of the current TLS record, and the partial header. */
  recordLeft: number;
  header: Buffer;
  clientSentData: boolean;
  held: Buffer[] | undefined;
}

export class PoolGate {
  private readonly server: Server;
  private readonly relays = new Set<Relay>();
  private holding = false;
  private refusing = false;
  private port = 0;

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.relay(client));
  }

  static async open(target: { host: string; port: number }): Promise<PoolGate> {
    const gate = new PoolGate(target);
    await gate.listen();
    return gate;
  }

  /** The `server` setting that goes through the gate. */
  get serverSetting(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Relayed connections currently open. */
  get connections(): number {
    return this.relays.size;
  }

  holdReplies(): void {
    this.holding = true;
  }

  /** Sends what was held and relays freely from now on. */
  release(): void {
    this.holding = false;
    for (const relay of this.relays) {
      const held = relay.held;
      relay.held = undefined;
      for (const chunk of held ?? []) relay.client.write(chunk);
    }
  }

  /** Replies held back so far, in bytes (what a test can check before releasing). */
  get heldBytes(): number {
    let n = 0;
    for (const relay of this.relays) for (const chunk of relay.held ?? []) n += chunk.length;
    return n;
  }

  /** New connections are reset as they arrive (open relays stay). */
  refuse(): void {
    this.refusing = true;
  }

  admit(): void {
    this.refusing = false;
  }

  /** Stops listening and resets every relayed connection. */
  close(): void {
    this.holding = false;
    this.refusing = true;
    for (const relay of [...this.relays]) this.drop(relay, true);
    this.server.close();
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  private relay(client: Socket): void {
    if (this.refusing) {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    const relay: Relay = { client, upstream, recordLeft: 0, header: Buffer.alloc(0), clientSentData: false, held: undefined };
    this.relays.add(relay);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (chunk: Buffer) => {
      this.watchClientRecords(relay, chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (relay.held || (this.holding && relay.clientSentData)) (relay.held ??= []).push(chunk);
      else client.write(chunk);
    });
    // A reset on either side is passed on as a reset; a close as a close.
    client.on('error', () => this.drop(relay, true));
    upstream.on('error', () => this.drop(relay, true));
    client.on('end', () => upstream.end());
    upstream.on('end', () => { if (!relay.held) client.end(); });
    client.on('close', () => this.drop(relay, false));
    upstream.on('close', () => { if (!relay.held) this.drop(relay, false); });
  }

  /** Walks the TLS record headers the client sends; notes the first application-data record. */
  private watchClientRecords(relay: Relay, chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !relay.clientSentData) {
      if (relay.recordLeft > 0) {
        const take = Math.min(relay.recordLeft, chunk.length - offset);
        relay.recordLeft -= take;
        offset += take;
        continue;
      }
      const need = 5 - relay.header.length;
      relay.header = Buffer.concat([relay.header, chunk.subarray(offset, offset + need)]);
      offset += Math.min(need, chunk.length - offset);
      if (relay.header.length < 5) return;
      if (relay.header[0] === TLS_APPLICATION_DATA) relay.clientSentData = true;
      relay.recordLeft = relay.header.readUInt16BE(3);
      relay.header = Buffer.alloc(0);
    }
  }

  private drop(relay: Relay, reset: boolean): void {
    if (!this.relays.delete(relay)) return;
    for (const socket of [relay.client, relay.upstream]) {
      if (socket.destroyed) continue;
      if (reset) socket.resetAndDestroy();
      else socket.destroy();
    }
  }
}
