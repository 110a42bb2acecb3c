/**
 * Bounds on what we queue for a peer that does not read. A server that sends CRLFCRLF pings and
 * never reads our pongs (or our requests) must not grow our memory: pongs are coalesced (one per
 * burst of input) and dropped while anything is queued, and a connection whose queue passes the
 * message limit is dropped as broken (a reconnect will start clean).
 */

/** Above this many queued bytes a keep-alive pong is not sent (the peer is not reading anyway). */
export const MAX_QUEUED_FOR_PONG = 16 * 1024;
/** Above this many queued bytes the connection is dropped: about four of the largest messages we ever send. */
export const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

export interface WritableLike {
  readonly writableLength: number;
}

/** Decides, per write, whether it may be queued; counts what it refused (for the log). */
export class WriteBudget {
  private pongDue = false;
  droppedPongs = 0;

  constructor(private readonly socket: WritableLike) {}

  /** Bytes the OS has not taken yet. */
  get queued(): number {
    return this.socket.writableLength;
  }

  /** A ping arrived: remember to answer once, after the current input chunk. */
  pingReceived(): void {
    this.pongDue = true;
  }

  /** After an input chunk: true when one pong should be written now. */
  takePong(): boolean {
    if (!this.pongDue) return false;
    this.pongDue = false;
    if (this.socket.writableLength > MAX_QUEUED_FOR_PONG) {
      this.droppedPongs++;
      return false;
    }
    return true;
  }

  /** False when writing `bytes` more would pass the limit. */
  admits(bytes: number): boolean {
    return this.socket.writableLength + bytes <= MAX_QUEUED_BYTES;
  }
}
