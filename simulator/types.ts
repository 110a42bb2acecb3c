/**
 * The seam between the simulator's SIP layer (connections, registrar, signing, provisioning:
 * simulator/*.ts) and its Persistent Chat layer (lookup service, chat server, catalogue:
 * simulator/chat/). The SIP layer owns sockets and MS-SIPAE; the chat layer owns dialogs and XCCOS.
 */
import type { RawSipMessage } from '../src/sip/message/rawMessage';

/** One registered client connection as the chat layer sees it. */
export interface SimSession {
  /** Stable id of the TCP/TLS connection. */
  readonly connectionId: number;
  /** The signed-in user's AOR, e.g. sip:alice@contoso.com (undefined before REGISTER succeeds). */
  readonly userUri: string | undefined;
  /** The Contact the client registered (its GRUU when it has one). */
  readonly contact: string | undefined;
  /** True while the connection is open. */
  readonly open: boolean;
  /**
   * Sends a request or response text on this connection. The SIP layer adds Content-Length if
   * missing, signs it (Authentication-Info) when a security association exists, and logs it.
   */
  send(messageText: string): void;
  /** Holds what is sent (signed, logged, in order) until uncork() writes it as one chunk; optional for sessions without a socket. */
  cork?(): void;
  uncork?(): void;
  /** Builds and sends a response to `request` (copies Via, From, To (+ our tag if absent), Call-ID, CSeq). */
  respond(request: RawSipMessage, status: number, reason: string, options?: {
    headers?: string[]; body?: string; contentType?: string; toTag?: string;
  }): void;
}

/** A SIP handler for requests the SIP layer routes to it (by Request-URI / dialog). */
export interface SimRequestHandler {
  /**
   * Returns true when this handler took the request (it must then respond or deliberately not),
   * false to let the SIP layer answer (404/481/405).
   */
  handleRequest(session: SimSession, request: RawSipMessage): boolean;
  /** Responses from the client to requests the handler sent (matched by Call-ID it owns). */
  handleResponse(session: SimSession, response: RawSipMessage): boolean;
  /** The connection closed (or was reset); forget its dialogs. */
  sessionClosed(session: SimSession): void;
}

/** Fault injection shared by both layers (set through the pool's control API). */
export interface SimFaults {
  /** Delay every response/request the server sends by this many ms (0 = none). */
  stallMs: number;
  /** Answer the next request (optionally only of this method) with this status (and extra headers, e.g. Retry-After). */
  nextResponse?: { method?: string; status: number; reason: string; diagnostics?: string; headers?: string[] };
  /** Until this time (Date.now() ms) every request a client sends is dropped unanswered: a stalled front end. */
  dropUntil?: number;
  /** Sign everything with a corrupted MS-SIPAE signature (a tampering middlebox, or a broken server). */
  corruptSignatures?: boolean;
  /**
   * Drop the security association on every request other than REGISTER, so that each is answered
   * 401 with a fresh offer even right after a new handshake (a pool that never keeps it).
   */
  dropAssociations?: boolean;
}

/** What the chat layer needs from the pool configuration. */
export interface SimChatConfig {
  domain: string;                       // contoso.com
  /** Lookup URIs the lookup service answers on (ocschat@domain and the provisioned pool URI). */
  lookupUris: string[];
  /** The chat server's own URI returned in rpl:requri. */
  chatServerUri: string;
  /** Session-Expires (seconds) on chat INVITE 200 OKs; BYE after this much idle time. */
  sessionExpiresSec: number;
  /** Path of the catalogue JSON (rooms, categories, history, pending invitations). */
  cataloguePath?: string;
}
