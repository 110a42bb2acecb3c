/**
 * The simulated Access Edge: what remote users connect to (`sip.<domain>:443` in the test network).
 * Its own TLS listener with its own certificate (simulator/pki/edge.pem); for each client it opens
 * a mutual-TLS connection to the pool (the pool knows the Edge by that certificate) and relays
 * both ways (edgeLeg.ts). It authenticates nobody: the pool's NTLM challenge and the client's
 * answers pass through it. docs/protocol/registration.md#through-an-access-edge
 */
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { redact } from '../../src/common/logger';
import { EdgeDirection, EdgeIdentity, EdgeLeg, EdgeLegHost } from './edgeLeg';

export interface AccessEdgeOptions {
  /** Listening address and port (443 in the test network; 0 = a free port). */
  host: string;
  port: number;
  /** The Edge's external name, its certificate's: sip.<domain>. */
  fqdn: string;
  /** The pool's TLS listener and the name its certificate is checked against. */
  pool: { host: string; port: number; fqdn: string };
  /** Folder with ca.pem, edge.pem, edge-key.pem. */
  pkiDir: string;
  maxMessageBytes: number;
  note(line: string): void;
}

/** A message as a client sent it ('client') or as the Edge relayed it (redacted: no Authorization or NTLM blob). */
export interface EdgeRecord {
  direction: EdgeDirection;
  leg: number;
  firstLine: string;
  text: string;
}

/** How many relayed messages edge.relayed keeps (the oldest are dropped). */
const RECORD_CAPACITY = 5000;

export class AccessEdge implements EdgeLegHost {
  readonly identity: EdgeIdentity;
  private readonly legs = new Set<EdgeLeg>();
  private readonly records: EdgeRecord[] = [];
  private nextLeg = 1;
  private listenPort = 0;

  private constructor(private readonly options: AccessEdgeOptions, private readonly server: tls.Server, private readonly material: { key: Buffer; cert: Buffer; ca: Buffer }) {
    this.identity = {
      fqdn: options.fqdn,
      port: options.port,
      trust: `ms-source-type=InternetUser;ms-ep-fqdn=${options.fqdn};ms-source-verified-user=unverified`,
      maxMessageBytes: options.maxMessageBytes,
    };
  }

  static async start(options: AccessEdgeOptions): Promise<AccessEdge> {
    const material = {
      key: readFileSync(join(options.pkiDir, 'edge-key.pem')),
      cert: readFileSync(join(options.pkiDir, 'edge.pem')),
      ca: readFileSync(join(options.pkiDir, 'ca.pem')),
    };
    const server = tls.createServer({ key: material.key, cert: material.cert, minVersion: 'TLSv1.2' });
    const edge = new AccessEdge(options, server, material);
    server.on('secureConnection', (socket) => edge.accept(socket));
    server.on('tlsClientError', (error, socket) => options.note(`edge: TLS handshake failed from ${socket.remoteAddress ?? '?'}: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    edge.listenPort = (server.address() as net.AddressInfo).port;
    edge.identity.port = edge.listenPort;
    options.note(`edge ${options.fqdn} listening: TLS ${options.host}:${edge.listenPort}, relaying to ${options.pool.fqdn}:${options.pool.port}`);
    return edge;
  }

  get address(): { host: string; port: number } {
    return { host: this.options.host, port: this.listenPort };
  }

  /** Remote clients connected now. */
  get connections(): number {
    return this.legs.size;
  }

  /** Every message received from clients and relayed so far (the last RECORD_CAPACITY), oldest first. */
  get relayed(): readonly EdgeRecord[] {
    return this.records;
  }

  record(leg: number, direction: EdgeDirection, bytes: Buffer): void {
    const text = redact(bytes.toString('utf8'));
    this.records.push({ direction, leg, firstLine: text.split('\r\n')[0] ?? '', text });
    if (this.records.length > RECORD_CAPACITY) this.records.splice(0, this.records.length - RECORD_CAPACITY);
  }

  note(line: string): void {
    this.options.note(line);
  }

  closed(leg: EdgeLeg): void {
    this.legs.delete(leg);
  }

  /** Closes the listener and every relayed connection. */
  async stop(): Promise<void> {
    for (const leg of [...this.legs]) leg.close('edge stopping');
    await new Promise<void>((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: tls.TLSSocket): void {
    const { pool } = this.options;
    const upstream = tls.connect({
      host: pool.host, port: pool.port, servername: pool.fqdn, ca: this.material.ca, cert: this.material.cert, key: this.material.key, minVersion: 'TLSv1.2',
    });
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const leg = new EdgeLeg(this.nextLeg++, client, upstream, this);
    this.legs.add(leg);
    this.note(`edge leg ${leg.id}: client ${client.remoteAddress ?? '?'}:${client.remotePort ?? '?'} relayed to ${pool.fqdn}:${pool.port}`);
  }
}
