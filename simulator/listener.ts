/**
 * One listening socket of the simulated pool (TLS or TCP, pool or Director). It hands every
 * accepted connection to the pool and keeps track of the raw sockets so stop() closes them all
 * and a reset can send a real TCP RST even under TLS.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';

export type ListenerRole = 'pool' | 'director';
export type ListenerTransport = 'TLS' | 'TCP';

export interface ListenerSpec {
  role: ListenerRole;
  transport: ListenerTransport;
  host: string;
  port: number;
  /** Key, certificate and the CA client certificates are checked against (TLS only). */
  tls?: { key: Buffer; cert: Buffer; ca: Buffer };
}

export interface AcceptedSocket {
  /** What the SIP layer reads and writes (the TLSSocket under TLS). */
  socket: net.Socket;
  /** The TCP socket underneath (the same object under TCP): resetAndDestroy() goes here. */
  raw: net.Socket;
  /** Under TLS: the client presented a certificate that does not chain to our CA. */
  untrustedClientCertificate?: string;
  /** Under TLS: the verified client certificate's names (CN and DNS SANs), lower case. */
  clientCertificateNames: string[];
}

export class Listener {
  private readonly raws = new Set<net.Socket>();

  private constructor(readonly spec: ListenerSpec, private readonly server: net.Server, readonly address: { host: string; port: number }) {}

  static open(spec: ListenerSpec, onAccept: (accepted: AcceptedSocket) => void, onNote: (line: string) => void): Promise<Listener> {
    const server = spec.transport === 'TLS' ? createTlsServer(spec) : net.createServer();
    const holder: { listener?: Listener } = {};
    server.on('connection', (raw: net.Socket) => {
      holder.listener?.raws.add(raw);
      raw.once('close', () => holder.listener?.raws.delete(raw));
      raw.on('error', () => undefined); // errors surface on the SIP socket; a raw error must not crash the pool
      raw.setNoDelay(true); // as a real pool: a reply written right after a 200 OK must not wait for a delayed ACK
      if (spec.transport === 'TCP') onAccept({ socket: raw, raw, clientCertificateNames: [] });
    });
    if (spec.transport === 'TLS') {
      server.on('secureConnection', (socket: tls.TLSSocket) => {
        const raw = (socket as unknown as { _parent?: net.Socket })._parent ?? socket;
        onAccept({ socket, raw, ...clientCertificate(socket) });
      });
      server.on('tlsClientError', (error: Error, socket: tls.TLSSocket) => {
        onNote(`${spec.role} TLS handshake failed from ${socket.remoteAddress}:${socket.remotePort}: ${error.message}`);
      });
    }
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(spec.port, spec.host, () => {
        server.off('error', reject);
        server.on('error', (error) => onNote(`${spec.role} ${spec.transport} listener error: ${error.message}`));
        const address = server.address() as net.AddressInfo;
        const listener = new Listener(spec, server, { host: spec.host, port: address.port });
        holder.listener = listener;
        resolve(listener);
      });
    });
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** Open TCP connections accepted by this listener. */
  get connectionCount(): number {
    return this.raws.size;
  }

  /** Stops listening and destroys every connection it accepted. */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening) resolve();
      else this.server.close(() => resolve());
    });
    for (const raw of this.raws) raw.destroy(); // each leaves the set on its 'close'
    return closed;
  }
}

function createTlsServer(spec: ListenerSpec): tls.Server {
  if (!spec.tls) throw new Error('TLS listener without key/certificate');
  return tls.createServer({
    key: spec.tls.key,
    cert: spec.tls.cert,
    ca: spec.tls.ca,
    minVersion: 'TLSv1.2',
    // Ask every client for a certificate (trusted applications send one) without refusing users
    // that have none; a certificate that is sent must chain to our CA (checked after the handshake).
    requestCert: true,
    rejectUnauthorized: false,
  });
}

function clientCertificate(socket: tls.TLSSocket): Pick<AcceptedSocket, 'untrustedClientCertificate' | 'clientCertificateNames'> {
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0) return { clientCertificateNames: [] };
  if (!socket.authorized) {
    return { untrustedClientCertificate: `${String(socket.authorizationError)} (subject CN=${peer.subject?.CN ?? '?'})`, clientCertificateNames: [] };
  }
  const names = new Set<string>();
  if (peer.subject?.CN) names.add(String(peer.subject.CN).toLowerCase());
  for (const part of (peer.subjectaltname ?? '').split(',')) {
    const match = /^\s*DNS:(.+)$/.exec(part);
    if (match) names.add(match[1].trim().toLowerCase());
  }
  return { clientCertificateNames: [...names] };
}
