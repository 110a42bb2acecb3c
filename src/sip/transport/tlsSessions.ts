/** Servers whose session is kept; the oldest goes first. */
const MAX_SESSIONS = 8;

/**
 * TLS sessions of the servers this client connected to, for resumption on the next connection to
 * the same host:port (a reconnect): on TLS 1.2, which Lync 2013 pools speak, an abbreviated
 * handshake is one round trip instead of two. Kept in memory only, for the life of the connection's
 * endpoint factory (a session is key material: never written to disk or settings). The server
 * still chooses: a session it no longer knows just means a full handshake, verified as always.
 */
/** Which server a session belongs to (a ConnectTarget). */
interface SessionServer { host: string; port: number }

export class TlsSessionCache {
  private readonly sessions = new Map<string, Buffer>();

  get(target: SessionServer): Buffer | undefined {
    return this.sessions.get(keyOf(target));
  }

  set(target: SessionServer, session: Buffer): void {
    const key = keyOf(target);
    this.sessions.delete(key);
    this.sessions.set(key, session);
    while (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
  }

  delete(target: SessionServer): void {
    this.sessions.delete(keyOf(target));
  }
}

function keyOf(target: SessionServer): string {
  return `${target.host.toLowerCase()}:${target.port}`;
}
