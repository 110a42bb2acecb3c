/**
 * One remote client as the simulated Access Edge carries it: the client's TLS connection and the
 * Edge's own mutual-TLS connection to the pool, opened for it. Messages are framed on both sides
 * and rewritten by edgeHeaders.ts; keep-alives are answered hop by hop. Either side closing (or
 * sending something that is not SIP) closes both.
 */
import type * as net from 'node:net';
import { LyncError } from '../../src/common/errors';
import { SipFramer } from '../../src/sip/message/framer';
import {
  dropKerberosOffers, isRequest, joinMessage, popOwnRoute, popOwnVia, pushVia, recordRoute, setHeader, SplitMessage, splitMessage,
} from './edgeHeaders';

export interface EdgeIdentity {
  /** The Edge's external name (its certificate, Via, Record-Route): sip.<domain>. */
  fqdn: string;
  port: number;
  /** The `ms-edge-proxy-message-trust` value put on everything relayed inwards. */
  trust: string;
  maxMessageBytes: number;
}

export type EdgeDirection = 'client' | 'inwards' | 'outwards';

export interface EdgeLegHost {
  readonly identity: EdgeIdentity;
  /** Every message from a client as it arrived ('client'), and every message relayed, as it left the Edge. */
  record(leg: number, direction: EdgeDirection, bytes: Buffer): void;
  note(line: string): void;
  closed(leg: EdgeLeg): void;
}

export class EdgeLeg {
  private closed = false;

  constructor(readonly id: number, private readonly client: net.Socket, private readonly pool: net.Socket, private readonly host: EdgeLegHost) {
    this.wire(client, 'client', (bytes) => this.fromClient(bytes));
    this.wire(pool, 'pool', (bytes) => this.fromPool(bytes));
  }

  get open(): boolean {
    return !this.closed;
  }

  close(why: string): void {
    if (this.closed) return;
    this.closed = true;
    this.host.note(`edge leg ${this.id}: closing: ${why}`);
    this.client.destroy();
    this.pool.destroy();
    this.host.closed(this);
  }

  private wire(socket: net.Socket, side: 'client' | 'pool', onMessage: (bytes: Buffer) => void): void {
    const framer = new SipFramer(onMessage, (kind) => {
      if (kind === 'ping' && !this.closed) socket.write('\r\n');
    }, { maxMessageBytes: this.host.identity.maxMessageBytes });
    socket.on('data', (chunk: Buffer) => {
      if (this.closed) return;
      try {
        framer.push(chunk);
      } catch (error) {
        this.close(`unreadable input from the ${side}: ${LyncError.from(error).message}`);
      }
    });
    socket.on('error', (error) => this.host.note(`edge leg ${this.id}: ${side} socket error: ${error.message}`));
    socket.on('close', () => this.close(`the ${side} closed the connection`));
  }

  /** Client → pool: requests get the Edge's Via (and Record-Route), its Route entry goes; responses lose nothing but gain the trust header. */
  private fromClient(bytes: Buffer): void {
    this.host.record(this.id, 'client', bytes);
    const message = splitMessage(bytes);
    const { fqdn, port, trust } = this.host.identity;
    if (isRequest(message)) {
      popOwnRoute(message, (uri) => sameHost(uri, fqdn, port));
      pushVia(message, `${fqdn}:${port}`);
      recordRoute(message, `sip:${fqdn}:${port};transport=tls;lr`);
    } else if (!popOwnVia(message)) {
      return this.host.note(`edge leg ${this.id}: dropped a response whose top Via is not the Edge's: ${message.lines[0]}`);
    }
    setHeader(message, 'ms-edge-proxy-message-trust', trust);
    this.forward(this.pool, 'inwards', message);
  }

  /** Pool → client: responses lose the Edge's Via (and their Kerberos offers); requests gain the Edge's Via. */
  private fromPool(bytes: Buffer): void {
    const message = splitMessage(bytes);
    if (isRequest(message)) {
      pushVia(message, `${this.host.identity.fqdn}:${this.host.identity.port}`);
    } else {
      if (!popOwnVia(message)) return this.host.note(`edge leg ${this.id}: dropped a pool response not sent through the Edge: ${message.lines[0]}`);
      if (/^SIP\/2\.0 40[17] /.test(message.lines[0]) && dropKerberosOffers(message) > 0) {
        this.host.note(`edge leg ${this.id}: Kerberos offer removed (it does not cross the Edge)`);
      }
    }
    this.forward(this.client, 'outwards', message);
  }

  private forward(to: net.Socket, direction: Exclude<EdgeDirection, 'client'>, message: SplitMessage): void {
    if (this.closed) return;
    const out = joinMessage(message);
    this.host.record(this.id, direction, out);
    to.write(out);
  }
}

/** Whether a Route URI names this Edge (host and port; the default TLS port when none is given). */
function sameHost(uri: string, fqdn: string, port: number): boolean {
  const match = /^sips?:(?:[^@;>]*@)?([^:;>]+)(?::(\d+))?/i.exec(uri.trim());
  return match !== null && match[1].toLowerCase() === fqdn.toLowerCase() && Number(match[2] ?? 5061) === port;
}
