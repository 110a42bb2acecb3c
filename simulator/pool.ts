/**
 * The simulated Lync Server 2013 pool: TLS and TCP listeners (plus an optional Director), the
 * registrar with MS-SIPAE NTLM signing, provisioning, the Persistent Chat layer behind the
 * SimRequestHandler seam, the message log, and the control API tests and `npm run sim` drive.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Event } from '../src/common/events';
import type { RawSipMessage } from '../src/sip/message/rawMessage';
import { Authenticator, dropAssociation } from './auth';
import { AutodiscoverService } from './autodiscover/service';
import { createChatService, type BurstOptions, type ChatRecord, type ChatService, type ChatSessionInfo, type InvitationView, type PostOptions, type RoomSummary } from './chat';
import { lookupUris, PoolConfig, PoolOptions, resolveConfig, SimUser } from './config';
import { ConnectionHost, SimConnection } from './connection';
import { startEdgeFor } from './edge/poolEdge';
import type { AccessEdge } from './edge/accessEdge';
import { AcceptedSocket, Listener, ListenerRole, ListenerTransport } from './listener';
import { MessageLog, MessageLogEntry } from './messageLog';
import { SimAvailability, SimPresence } from './presence/presenceService';
import { Registrar } from './registrar';
import { Router } from './router';
import type { SimChatConfig, SimFaults } from './types';
import { aorOf } from './uri';

export type { PoolOptions, SimUser, TrustedApplication } from './config';
export type { MessageLogEntry } from './messageLog';

export interface Address { host: string; port: number }
export interface PoolAddresses { tls: Address; tcp: Address; directorTls?: Address; directorTcp?: Address; edgeTls?: Address; autodiscover?: Address }
export interface FailNextSpec { method?: string; status: number; reason: string; diagnostics?: string; headers?: string[] }
export interface RegistrationInfo { userUri: string; connectionId: number; transport: ListenerTransport; gruu: string | undefined; expiresAt: Date }

/** What sendMalformed() writes: not a SIP message (no start line a SIP parser accepts). */
export const MALFORMED_FRAME = 'SIP/9.9 ??? garbage\r\nContent-Length: banana\r\n\u0000\u0001\u0002\r\n\r\n';

interface ListenerKey { role: ListenerRole; transport: ListenerTransport }

export class SimulatedLyncPool {
  readonly log: MessageLog;
  readonly faults: SimFaults = { stallMs: 0 };
  readonly chat: ChatService;
  /** Names and presence of the pool's users (batched presence subscriptions). */
  readonly presence: SimPresence;
  private readonly router: Router;
  private readonly registrar: Registrar;
  private readonly auth: Authenticator;
  private readonly tlsMaterial: { key: Buffer; cert: Buffer; ca: Buffer };
  private readonly listeners = new Map<string, Listener>();
  private readonly ports = new Map<string, number>();
  private readonly open = new Map<number, SimConnection>();
  private nextConnectionId = 1;
  private stopped = false;
  /** The Access Edge (options.edge), and the pool connections it opened (their users are RemoteUser). */
  private edge: AccessEdge | undefined;
  private readonly edgeConnections = new WeakSet<SimConnection>();
  private autodiscover: AutodiscoverService | undefined;

  private constructor(readonly config: PoolConfig) {
    this.log = new MessageLog({ logFile: config.logFile, verbose: config.verbose, capacity: config.messageLogCapacity });
    this.tlsMaterial = {
      key: readFileSync(join(config.pkiDir, 'server-key.pem')),
      cert: readFileSync(join(config.pkiDir, 'server.pem')),
      ca: readFileSync(join(config.pkiDir, 'ca.pem')),
    };
    const chatConfig: SimChatConfig = {
      domain: config.domain,
      lookupUris: lookupUris(config),
      chatServerUri: config.chatServerUri,
      sessionExpiresSec: config.chatSessionExpiresSec,
      cataloguePath: config.cataloguePath || undefined,
    };
    this.chat = createChatService(chatConfig, this.faults, this.log.logger, { viaHost: config.fqdn });
    const auth = new Authenticator(config);
    this.auth = auth;
    this.registrar = new Registrar(config, auth, (transport) => this.port('pool', transport), (conn) => this.edgeConnections.has(conn));
    this.presence = new SimPresence(config, (aor) => this.registrations().some((r) => aorOf(r.userUri) === aor));
    this.router = new Router({ config, faults: this.faults, log: this.log, chat: this.chat, registrar: this.registrar, auth, presence: this.presence });
  }

  /** Starts the pool (and Director) listeners; ports 0 pick free ports. */
  static async start(options: PoolOptions = {}): Promise<SimulatedLyncPool> {
    const pool = new SimulatedLyncPool(resolveConfig(options));
    try {
      await pool.listen();
      if (pool.config.edge) pool.edge = await startEdgeFor(pool.config, pool.addresses.tls.port, (line) => pool.log.note(line));
      if (pool.config.autodiscover) pool.autodiscover = await pool.startAutodiscover();
    } catch (error) {
      await pool.stop();
      throw error;
    }
    pool.log.note(`pool ${pool.config.fqdn} listening: TLS ${pool.addresses.tls.port}, TCP ${pool.addresses.tcp.port}` +
      (pool.addresses.directorTls ? `; Director TLS ${pool.addresses.directorTls.port}, TCP ${pool.addresses.directorTcp?.port}` : '') +
      `; auth ${pool.config.auth}${pool.config.auth === 'ntlm' ? ` v${pool.config.ntlmVersion}` : ''}${pool.config.lync2010 ? '; Lync 2010 mode' : ''}`);
    return pool;
  }

  get addresses(): PoolAddresses {
    const address = (role: ListenerRole, transport: ListenerTransport): Address => ({ host: this.config.host, port: this.port(role, transport) });
    const result: PoolAddresses = { tls: address('pool', 'TLS'), tcp: address('pool', 'TCP') };
    if (this.config.director) {
      result.directorTls = address('director', 'TLS');
      result.directorTcp = address('director', 'TCP');
    }
    if (this.edge) result.edgeTls = this.edge.address;
    if (this.autodiscover) result.autodiscover = { host: this.config.autodiscoverHost, port: this.autodiscover.port };
    return result;
  }

  /** The Access Edge, when the pool was started with `edge`. */
  get accessEdge(): AccessEdge | undefined {
    return this.edge;
  }

  get users(): SimUser[] {
    return this.config.users;
  }

  /** Every SIP message in and out so far (redacted), oldest first. */
  get messageLog(): MessageLogEntry[] {
    return this.log.entries;
  }

  get onMessage(): Event<MessageLogEntry> {
    return this.log.onEntry;
  }

  /** Open client connections (both listeners). */
  connections(): SimConnection[] {
    return [...this.open.values()];
  }

  registrations(): RegistrationInfo[] {
    return this.connections().filter((c) => c.registration).map((c) => ({
      userUri: c.registration?.aor ?? '', connectionId: c.connectionId, transport: c.transport,
      gruu: c.registration?.gruu, expiresAt: new Date(c.registration?.expiresAt ?? 0),
    }));
  }

  /** True while any listener is listening. */
  get listening(): boolean {
    return [...this.listeners.values()].some((l) => l.listening);
  }

  /** Each listener: what it is, whether it listens, how many TCP connections it holds. */
  listenerStates(): { role: ListenerRole; transport: ListenerTransport; port: number; listening: boolean; connections: number }[] {
    return [...this.listeners.values()].map((l) => ({
      role: l.spec.role, transport: l.spec.transport, port: l.address.port, listening: l.listening, connections: l.connectionCount,
    }));
  }

  // ---- control API ----

  /** The chat layer BYEs every chat/lookup dialog of the user; returns how many. */
  disconnectSession(userUri: string): number {
    return this.chat.disconnect(aorOf(userUri));
  }

  /** TCP RST on the user's connections (all connections without a user); returns how many. */
  resetConnections(userUri?: string): number {
    const targets = this.connectionsOf(userUri);
    for (const conn of targets) conn.reset('control: resetConnections');
    return targets.length;
  }

  /** Delay everything the pool sends by `seconds` (0 turns it off; already delayed messages keep their time). */
  stall(seconds: number): void {
    this.faults.stallMs = Math.max(0, seconds * 1000);
    this.log.note(`control: stall ${seconds} s`);
  }

  /**
   * Drop every request clients send for `seconds`, unanswered (a front end that stopped serving);
   * 0 ends it. Unlike stall(), nothing comes late: the client must notice by its own timeouts.
   */
  dropRequests(seconds: number): void {
    this.faults.dropUntil = seconds > 0 ? Date.now() + seconds * 1000 : undefined;
    this.log.note(`control: dropping requests for ${seconds} s`);
  }

  /** Sets a user's presence (as their Lync client would publish it) and notifies subscribers; returns how many. */
  setAvailability(userUri: string, availability: SimAvailability | number): number {
    const notified = this.presence.setAvailability(userUri, availability);
    this.log.note(`control: ${aorOf(userUri)} is now ${availability} (${notified} subscriptions notified)`);
    return notified;
  }

  /** Every MS-SIPAE signature the pool sends is corrupted (true) or correct again (false). */
  corruptSignatures(on: boolean): void {
    this.faults.corruptSignatures = on;
    this.log.note(`control: ${on ? 'corrupting' : 'correct'} signatures`);
  }

  /** Provisioning names the room management web page (true, the default) or leaves it out (false), from the next sign-in. */
  provisionWebManager(on: boolean): void {
    this.config.webManager = on;
    this.log.note(`control: provisioning ${on ? 'names' : 'omits'} the room management web page`);
  }

  /** Users sign in as from outside, through an Access Edge (true), or from inside (false, the default), from the next sign-in. */
  signInFromOutside(on: boolean): void {
    this.config.remoteUsers = on;
    this.log.note(`control: users sign in from ${on ? 'outside (RemoteUser)' : 'inside'}`);
  }

  /**
   * The pool forgets the user's MS-SIPAE security associations (TCP stays up): their next request
   * is answered 401 with a fresh NTLM offer, and a new handshake is needed. Returns how many.
   */
  dropSecurityAssociation(userUri: string): number {
    const targets = this.connectionsOf(userUri).filter((c) => c.signer !== undefined);
    for (const conn of targets) dropAssociation(conn, 'control: security association dropped');
    return targets.length;
  }

  /** Drop the association at every non-REGISTER request (each is challenged, even right after a handshake); false ends it. */
  dropAssociations(on: boolean): void {
    this.faults.dropAssociations = on || undefined;
    this.log.note(`control: ${on ? 'dropping security associations at every request' : 'keeping security associations'}`);
  }

  /**
   * Challenge the next request (of `method`, if given) once, with the pool's fresh offers: 401
   * (WWW-Authenticate) or 407 (Proxy-Authenticate, as a Director or Edge answers).
   */
  challengeNext(status: 401 | 407, method?: string): void {
    const header = status === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    const offers = this.auth.offerHeaders(undefined, header);
    this.failNext({ status, reason: status === 407 ? 'Proxy Authentication Required' : 'Unauthorized', method, headers: offers });
  }

  /** Answer the next request (of `method`, if given) with this status instead of processing it. */
  failNext(spec: FailNextSpec): void {
    this.faults.nextResponse = { ...spec };
    this.log.note(`control: next ${spec.method ?? 'request'} answered ${spec.status} ${spec.reason}`);
  }

  /** Writes a garbage frame on the user's connections; returns how many. */
  sendMalformed(userUri: string): number {
    const targets = this.connectionsOf(userUri);
    for (const conn of targets) conn.writeRaw(MALFORMED_FRAME, 'control: malformed frame sent');
    return targets.length;
  }

  /** The chat layer sends a broken XCCOS envelope into the user's chat dialogs; returns how many. */
  sendMalformedXccos(userUri: string): number {
    return this.chat.sendMalformedXccos(aorOf(userUri));
  }

  inviteUser(userUri: string, roomUri: string, inviterUri?: string): InvitationView | undefined {
    return this.chat.inviteUser(aorOf(userUri), roomUri, inviterUri);
  }

  post(asUserUri: string, roomUri: string, text: string, options: PostOptions = {}): ChatRecord {
    return this.chat.post(aorOf(asUserUri), roomUri, text, options);
  }

  /** post() of each text in order, each joined connection's share written at once (one socket write). */
  postBurst(asUserUri: string, roomUri: string, texts: readonly string[], options?: BurstOptions): ChatRecord[] {
    return this.chat.postBurst(aorOf(asUserUri), roomUri, texts, options);
  }

  /** Someone (no client needed) enters or leaves a room: ntc:join / ntc:part to those joined. */
  setPresence(userUri: string, roomUri: string, present: boolean): void {
    this.chat.setPresence(aorOf(userUri), roomUri, present);
  }

  /** Takes the user out of the room's membership and parts their joined sessions; returns how many. */
  removeFromRoom(userUri: string, roomUri: string): number {
    return this.chat.removeFromRoom(aorOf(userUri), roomUri);
  }

  /** Deletes the room, parting everyone joined; returns how many sessions. */
  deleteRoom(roomUri: string): number {
    return this.chat.deleteRoom(roomUri);
  }

  rooms(): RoomSummary[] {
    return this.chat.rooms();
  }

  chatSessions(): ChatSessionInfo[] {
    return this.chat.sessions();
  }

  /** Drops every connection and listener, then listens again on the same ports (rooms are kept). */
  async restart(): Promise<void> {
    this.log.note('control: restart');
    await this.closeAll();
    this.faults.stallMs = 0;
    this.faults.nextResponse = undefined;
    this.faults.dropUntil = undefined;
    this.faults.corruptSignatures = undefined;
    this.faults.dropAssociations = undefined;
    await this.listen();
  }

  /** Closes every listener, connection and timer. The message log stays readable. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.edge?.stop();
    await this.closeAll();
    await this.autodiscover?.stop();
    this.chat.dispose();
    this.log.note('pool stopped');
    this.log.dispose();
  }

  // ---- internals ----

  private connectionsOf(userUri: string | undefined): SimConnection[] {
    const wanted = userUri ? aorOf(userUri) : undefined;
    return this.connections().filter((c) => wanted === undefined || (c.userUri !== undefined && aorOf(c.userUri) === wanted));
  }

  private port(role: ListenerRole, transport: ListenerTransport): number {
    return this.ports.get(`${role}/${transport}`) ?? 0;
  }

  private async listen(): Promise<void> {
    const keys: ListenerKey[] = [{ role: 'pool', transport: 'TLS' }, { role: 'pool', transport: 'TCP' }];
    if (this.config.director) keys.push({ role: 'director', transport: 'TLS' }, { role: 'director', transport: 'TCP' });
    for (const key of keys) {
      const id = `${key.role}/${key.transport}`;
      const configured = key.role === 'pool'
        ? (key.transport === 'TLS' ? this.config.tlsPort : this.config.tcpPort)
        : (key.transport === 'TLS' ? this.config.directorTlsPort : this.config.directorTcpPort);
      const listener = await Listener.open(
        { ...key, host: this.config.host, port: this.ports.get(id) ?? configured, tls: key.transport === 'TLS' ? this.tlsMaterial : undefined },
        (accepted) => this.accept(key, accepted),
        (line) => this.log.note(line),
      );
      this.listeners.set(id, listener);
      this.ports.set(id, listener.address.port);
    }
  }

  /** Autodiscover names the Director (when there is one) or the pool inside, the Access Edge's `sip.<domain>:443` outside. */
  private startAutodiscover(): Promise<AutodiscoverService> {
    const inside = () => this.config.director
      ? { fqdn: this.config.directorFqdn, port: this.port('director', 'TLS') }
      : { fqdn: this.config.fqdn, port: this.port('pool', 'TLS') };
    return AutodiscoverService.start(this.config, { internal: inside, external: () => ({ fqdn: `sip.${this.config.domain}`, port: 443 }) }, (line) => this.log.note(line));
  }

  private accept(key: ListenerKey, accepted: AcceptedSocket): void {
    const host: ConnectionHost = {
      log: this.log,
      faults: this.faults,
      maxMessageBytes: this.config.maxMessageBytes,
      onMessage: (conn: SimConnection, message: RawSipMessage) => this.router.handle(conn, message),
      onClosed: (conn: SimConnection) => {
        this.open.delete(conn.connectionId);
        this.chat.sessionClosed(conn);
        this.presence.connectionClosed(conn);
      },
    };
    const conn = new SimConnection(this.nextConnectionId++, key.role, key.transport, accepted, host);
    this.open.set(conn.connectionId, conn);
    if (accepted.untrustedClientCertificate) {
      // MTLS: a certificate that does not chain to the pool's CA is refused outright
      conn.close(`client certificate not issued by a trusted CA: ${accepted.untrustedClientCertificate}`);
      return;
    }
    const names = accepted.clientCertificateNames;
    if (this.edge && names.includes(this.config.edgeFqdn)) {
      this.edgeConnections.add(conn);
      conn.note(`relayed by the Access Edge ${this.config.edgeFqdn} (mutual TLS)`);
      return;
    }
    conn.trustedApplication = this.config.trustedApplications.find((app) => names.includes(app.fqdn.toLowerCase()));
    if (conn.trustedApplication) conn.note(`trusted application ${conn.trustedApplication.fqdn} (mutual TLS)`);
  }

  /** Closes listeners and connections; the closed listeners stay in the map (listening false) until listen() replaces them. */
  private async closeAll(): Promise<void> {
    const listeners = [...this.listeners.values()];
    for (const conn of this.connections()) conn.close('pool shutting down');
    await Promise.all(listeners.map((l) => l.close()));
  }
}
