import * as net from 'node:net';

/** One direction of a relayed connection: chunks held until their release time, then written in order. */
class DelayLine {
  private readonly queue: { at: number; chunk: Buffer }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly to: net.Socket, private readonly delayMs: number, private openAt: number) {}

  push(chunk: Buffer): void {
    // FIFO: a chunk never overtakes the one before it (as on one TCP stream).
    const at = Math.max(Date.now(), this.openAt) + this.delayMs;
    this.queue.push({ at, chunk });
    this.schedule();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => this.release(), Math.max(0, this.queue[0].at - Date.now()));
  }

  /**
   * Everything due goes out in one write, so what the sender wrote together arrives together (with
   * a millisecond's grace: one write of the sender may reach the relay as reads either side of a
   * clock tick).
   */
  private release(): void {
    this.timer = undefined;
    const now = Date.now() + 1;
    const due: Buffer[] = [];
    while (this.queue.length && this.queue[0].at <= now) due.push(this.queue.shift()!.chunk);
    if (due.length && !this.to.destroyed) this.to.write(due.length === 1 ? due[0] : Buffer.concat(due));
    this.schedule();
  }
}

/**
 * A wide-area link in a box: a TCP relay on loopback that holds every chunk, each way, for a fixed
 * one-way delay, and a new connection's first bytes for one round trip more (the TCP handshake a
 * real link costs before data flows). Bytes pass through untouched (TLS too). The client and its
 * raw-socket floor both connect to `port`, so both pay the same link.
 */
export class WanRelay {
  private readonly open = new Set<{ client: net.Socket; upstream: net.Socket; lines: DelayLine[] }>();

  private constructor(private readonly server: net.Server, readonly port: number, readonly oneWayMs: number) {}

  static async start(target: { host: string; port: number }, oneWayMs: number): Promise<WanRelay> {
    const relay: { current?: WanRelay } = {};
    const server = net.createServer((client) => relay.current?.carry(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    relay.current = new WanRelay(server, (server.address() as net.AddressInfo).port, oneWayMs);
    return relay.current;
  }

  /** Round-trip time of the link, ms. */
  get rttMs(): number {
    return 2 * this.oneWayMs;
  }

  /** Resets every carried connection (a network change: the client's socket dies under it). */
  resetAll(): void {
    for (const pair of [...this.open]) pair.client.resetAndDestroy();
  }

  async stop(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private carry(client: net.Socket, target: { host: string; port: number }): void {
    client.setNoDelay(true);
    const upstream = net.connect({ ...target, noDelay: true });
    // SYN, SYN-ACK: the client's first data reaches the server one round trip plus one way after connecting.
    const toServer = new DelayLine(upstream, this.oneWayMs, Date.now() + this.rttMs);
    const toClient = new DelayLine(client, this.oneWayMs, 0);
    const pair = { client, upstream, lines: [toServer, toClient] };
    this.open.add(pair);
    const end = () => {
      if (!this.open.delete(pair)) return;
      for (const line of pair.lines) line.dispose();
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => toServer.push(chunk)).on('error', end).on('close', end);
    upstream.on('data', (chunk: Buffer) => toClient.push(chunk)).on('error', end).on('close', end);
  }
}
