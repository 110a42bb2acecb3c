/**
 * What the pool does with each message a client sends, in Lync's order: signature check (a bad
 * MS-SIPAE signature drops the connection), the failNext fault, REGISTER to the registrar,
 * authentication and registration checks, then the method: self-subscriptions and provisioning,
 * SERVICE, OPTIONS, Persistent Chat (handed to the chat layer), 480/404 for other targets, 501.
 */
import { headerParam, RawSipMessage } from '../src/sip/message/rawMessage';
import { dropAssociation, type Authenticator } from './auth';
import type { PoolConfig } from './config';
import { findUser, lookupUris } from './config';
import type { SimConnection } from './connection';
import type { MessageLog } from './messageLog';
import type { SimPresence } from './presence/presenceService';
import { subscriptionAnswer } from './provisioning';
import { isDeregistration, type Registrar } from './registrar';
import { diagnosticsHeader } from './responses';
import type { SimFaults, SimRequestHandler } from './types';
import { aorOf } from './uri';

/** Methods that belong to the chat layer when they target a chat URI or one of its dialogs. */
const CHAT_METHODS = new Set(['INVITE', 'ACK', 'BYE', 'INFO', 'UPDATE', 'CANCEL']);
/** Methods a front end would proxy to another user's endpoint (not simulated). */
const USER_METHODS = new Set(['MESSAGE', 'NOTIFY', 'BENOTIFY', 'PUBLISH', 'REFER', 'PRACK']);
const MANDATORY = ['Via', 'From', 'To', 'Call-ID', 'CSeq'];

export interface RouterContext {
  config: PoolConfig;
  faults: SimFaults;
  log: MessageLog;
  chat: SimRequestHandler;
  registrar: Registrar;
  auth: Authenticator;
  presence: SimPresence;
}

export class Router {
  private readonly chatAors: Set<string>;

  constructor(private readonly ctx: RouterContext) {
    this.chatAors = new Set([...lookupUris(ctx.config), ctx.config.chatServerUri].map(aorOf));
  }

  handle(conn: SimConnection, message: RawSipMessage): void {
    if (message.isRequest) this.request(conn, message);
    else this.response(conn, message);
  }

  private response(conn: SimConnection, message: RawSipMessage): void {
    if (conn.signer) {
      const verdict = conn.signer.verify(message);
      if (verdict === 'invalid') return conn.close(`invalid MS-SIPAE signature on response ${message.startLine}`);
      if (verdict === 'unsigned') return conn.note(`dropped unsigned response ${message.startLine} (security association in place)`);
    }
    if (!this.ctx.chat.handleResponse(conn, message)) conn.note(`no transaction for response ${message.startLine} (${message.header('CSeq') ?? ''})`);
  }

  private request(conn: SimConnection, message: RawSipMessage): void {
    const method = message.method ?? '';
    if (this.ctx.faults.dropUntil !== undefined && Date.now() < this.ctx.faults.dropUntil) return conn.note(`dropRequests: dropped ${message.startLine}`);
    const missing = badRequestReason(message);
    if (missing) {
      if (method !== 'ACK') conn.reply(message, 400, 'Bad Request', { headers: [diagnosticsHeader(`1018;reason="${missing}"`, this.ctx.config.fqdn)] });
      return;
    }
    let signed = false;
    if (conn.signer) {
      const verdict = conn.signer.verify(message);
      // MS-SIPAE: a signature that does not verify ends the connection (sipe does the same client-side)
      if (verdict === 'invalid') return conn.close(`invalid MS-SIPAE signature on ${message.startLine}`);
      signed = verdict === 'valid';
    }
    if (method !== 'ACK' && this.injectedFault(conn, message, method)) return;
    if (method === 'REGISTER') return this.ctx.registrar.handle(conn, message, signed);
    if (this.ctx.faults.dropAssociations && conn.signer && method !== 'ACK') dropAssociation(conn, `dropAssociations: security association dropped at ${method}`);
    if (!this.authenticated(conn, signed)) {
      if (method !== 'ACK') this.ctx.auth.challenge(conn, message);
      else conn.note('dropped unauthenticated ACK');
      return;
    }
    if (!conn.registration && !conn.trustedApplication) {
      if (method !== 'ACK') conn.reply(message, 403, 'Forbidden', { headers: [diagnosticsHeader('4101;reason="The endpoint is not registered"', this.ctx.config.fqdn)] });
      return;
    }
    if (conn.trustedApplication && !conn.userUri) conn.userUri = aorOf(message.header('From') ?? '');
    this.dispatch(conn, message, method);
  }

  private authenticated(conn: SimConnection, signed: boolean): boolean {
    if (conn.trustedApplication) return true;
    if (this.ctx.config.auth === 'digest') return conn.authenticatedUser !== undefined;
    return conn.signer !== undefined && signed;
  }

  private injectedFault(conn: SimConnection, message: RawSipMessage, method: string): boolean {
    const fault = this.ctx.faults.nextResponse;
    if (!fault || (fault.method && fault.method.toUpperCase() !== method.toUpperCase())) return false;
    // A REGISTER fault is meant for a sign-in: a previous client's sign-out must not take it.
    if (method === 'REGISTER' && isDeregistration(message)) return false;
    this.ctx.faults.nextResponse = undefined;
    conn.note(`failNext: answering ${method} with ${fault.status}`);
    const headers = [...(fault.diagnostics ? [diagnosticsHeader(fault.diagnostics, this.ctx.config.fqdn)] : []), ...(fault.headers ?? [])];
    conn.reply(message, fault.status, fault.reason, { headers });
    return true;
  }

  private dispatch(conn: SimConnection, message: RawSipMessage, method: string): void {
    const target = aorOf(message.requestUri ?? '');
    if (CHAT_METHODS.has(method)) return this.chatRequest(conn, message, method, target);
    switch (method) {
      case 'SUBSCRIBE':
        if (this.ctx.presence.handleSubscribe(conn, message)) return;
        return this.subscribe(conn, message, target);
      case 'SERVICE':
        return conn.reply(message, 200, 'OK');
      case 'OPTIONS':
        return conn.reply(message, 200, 'OK', {
          headers: ['Allow: INVITE, ACK, CANCEL, BYE, INFO, UPDATE, OPTIONS, SUBSCRIBE, NOTIFY, SERVICE, MESSAGE, REGISTER', 'Accept: application/sdp', 'Supported: ms-benotify, ms-piggyback-first-notify'],
        });
      default:
        if (USER_METHODS.has(method)) return this.userTarget(conn, message, target);
        return conn.reply(message, 501, 'Not Implemented');
    }
  }

  private chatRequest(conn: SimConnection, message: RawSipMessage, method: string, target: string): void {
    const inDialog = headerParam(message.header('To') ?? '', 'tag') !== undefined;
    if (this.chatAors.has(target) || inDialog || method !== 'INVITE') {
      if (this.ctx.chat.handleRequest(conn, message)) return;
      if (method === 'ACK') return conn.note(`dropped ACK without a dialog (${message.header('Call-ID') ?? ''})`);
      if (this.chatAors.has(target) && !inDialog) return conn.reply(message, 404, 'Not Found');
      return conn.reply(message, 481, 'Call Leg/Transaction Does Not Exist');
    }
    this.userTarget(conn, message, target);
  }

  /** Another user's endpoint: the simulator does not proxy between users. */
  private userTarget(conn: SimConnection, message: RawSipMessage, target: string): void {
    if (findUser(this.ctx.config.users, target.replace(/^sip:/, ''))) {
      conn.reply(message, 480, 'Temporarily Unavailable', { headers: [diagnosticsHeader('15030;reason="Failed to route to the user: the simulator does not proxy between users"', this.ctx.config.fqdn)] });
    } else {
      conn.reply(message, 404, 'Not Found', { headers: [diagnosticsHeader('4005;reason="Destination URI either not enabled for SIP or does not exist"', this.ctx.config.fqdn)] });
    }
  }

  private subscribe(conn: SimConnection, message: RawSipMessage, target: string): void {
    const event = message.header('Event') ?? '';
    const own = conn.userUri !== undefined && target === aorOf(conn.userUri);
    const other = !own && findUser(this.ctx.config.users, target.replace(/^sip:/, ''));
    if (!own && !other) return this.userTarget(conn, message, target);
    if (!own && !/^presence\b/i.test(event)) return conn.reply(message, 403, 'Forbidden');
    const expiresText = message.header('Expires');
    const answer = subscriptionAnswer(this.ctx.config, event, target, expiresText === undefined ? undefined : Number(expiresText));
    if (!answer) return conn.reply(message, 489, 'Bad Event');
    const contact = `Contact: <sip:${this.ctx.config.fqdn}:${this.localPort(conn)};transport=${conn.transport.toLowerCase()}>`;
    conn.reply(message, 200, 'OK', { headers: [contact, ...answer.headers], body: answer.body, contentType: answer.contentType || undefined });
  }

  private localPort(conn: SimConnection): number {
    return this.ctx.registrar.homePort(conn.transport);
  }
}

/** Why a request cannot be processed (a mandatory header missing or CSeq not matching), or undefined. */
function badRequestReason(message: RawSipMessage): string | undefined {
  for (const name of MANDATORY) if (message.header(name) === undefined) return `Missing ${name} header`;
  const cseq = /^\s*(\d{1,10})\s+(\S+)\s*$/.exec(message.header('CSeq') ?? '');
  if (!cseq) return 'Malformed CSeq header';
  if (cseq[2] !== message.method) return 'CSeq method does not match the request method';
  const maxForwards = message.header('Max-Forwards');
  if (maxForwards !== undefined && !/^\s*\d{1,3}\s*$/.test(maxForwards)) return 'Malformed Max-Forwards header';
  return undefined;
}
