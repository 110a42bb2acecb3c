/**
 * The simulated Web Ticket service: authenticates a WS-Trust RequestSecurityToken with HTTP NTLM
 * (connection-oriented: NEGOTIATE, CHALLENGE, AUTHENTICATE on one kept-alive connection) against
 * the pool's users, or with HTTP Negotiate (RFC 4559: a Kerberos token for `HTTP/<host>`, accepted
 * through GSSAPI with the keytab, as IIS does with its service account's keys), and issues an
 * opaque SAML assertion that the User resource then accepts. It offers both.
 */
import { randomBytes } from 'node:crypto';
import type * as http from 'node:http';
import type { Socket } from 'node:net';
import { LyncError } from '../../src/common/errors';
import { parseXml, XmlElement } from '../../src/common/xml';
import { kerberosApi } from '../../src/sip/auth/kerberos/loader';
import type { NtlmChallengeMessage } from '../../src/sip/auth/ntlm';
import { NtlmFlag } from '../../src/sip/auth/ntlm';
import { findLoginUser } from '../auth';
import { acceptAuthenticateMessage, createChallengeMessage, DEFAULT_SERVER_CHALLENGE_FLAGS } from '../auth/ntlmServer';
import type { PoolConfig, SimUser } from '../config';
import { samlAssertion, soapFault, tokenResponse } from './documents';

/** How long an issued ticket is accepted (Lync's default web ticket lifetime is 8 hours). */
const TICKET_LIFETIME_MS = 8 * 3600_000;
const MAX_TICKETS = 1000;
/** Connection-oriented NTLM: what the server offers (no DATAGRAM: HTTP is not connection-less). */
const HTTP_CHALLENGE_FLAGS = (DEFAULT_SERVER_CHALLENGE_FLAGS & ~NtlmFlag.DATAGRAM & ~NtlmFlag.IDENTIFY) >>> 0;

export interface Reply { status: number; headers: Record<string, string | string[]>; body: string }

export class WebTicketService {
  private readonly challenges = new WeakMap<Socket, NtlmChallengeMessage>();
  private readonly tickets = new Map<string, { user: SimUser; expires: number }>();
  /** Test switch: the mutual authentication answer is corrupted (a service that does not hold the HTTP key). */
  corruptMutual = false;

  constructor(private readonly config: PoolConfig, private readonly note: (line: string) => void) {}

  /** POST to the Windows-authenticated endpoint: one leg of NTLM, or the ticket once authenticated. */
  issue(request: http.IncomingMessage, body: string, issuer: string): Reply {
    const [scheme, data] = (request.headers.authorization ?? '').split(/\s+/, 2);
    const offer: Reply = { status: 401, headers: { 'WWW-Authenticate': ['Negotiate', 'NTLM'] }, body: '' };
    if (scheme?.toUpperCase() === 'NEGOTIATE' && data) return this.negotiate(data, body, issuer) ?? offer;
    if (scheme?.toUpperCase() !== 'NTLM' || !data) return offer;
    const message = Buffer.from(data, 'base64');
    if (message.length >= 12 && message.readUInt32LE(8) === 1) return this.challenge(request.socket);
    const challenge = this.challenges.get(request.socket);
    this.challenges.delete(request.socket);
    if (!challenge) return offer;
    let user: SimUser | undefined;
    try {
      const accepted = acceptAuthenticateMessage(challenge, message, (name, domain) => (user = findLoginUser(this.config, name, domain))?.password);
      this.note(`web ticket: NTLM AUTHENTICATE ${accepted.domain ? `${accepted.domain}\\` : ''}${accepted.user}: proof OK`);
    } catch (error) {
      this.note(`web ticket: ${LyncError.from(error).message}`);
      return { status: 401, headers: { 'WWW-Authenticate': 'NTLM' }, body: '' };
    }
    return user ? this.ticketFor(user, body, issuer) : offer;
  }

  /**
   * HTTP Negotiate: the user the Kerberos token names, when GSSAPI accepts it with the keytab (the
   * AP-REP, when the client asked for mutual authentication, goes back in the 200's
   * WWW-Authenticate); undefined (a new offer) otherwise.
   */
  private negotiate(data: string, body: string, issuer: string): Reply | undefined {
    let accepted: { peer: string; reply: Buffer };
    try {
      const { context, reply } = kerberosApi().accept(Buffer.from(data, 'base64'));
      accepted = { peer: context.peer, reply };
      context.dispose();
    } catch (error) {
      this.note(`web ticket: Negotiate refused: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const [name = '', realm = ''] = accepted.peer.split('@');
    const user = findLoginUser(this.config, name, realm.toLowerCase());
    const mutual = accepted.reply.length > 0 ? ', mutual' : '';
    this.note(`web ticket: Negotiate ${accepted.peer}: ${user ? `ticket OK${mutual}` : 'no such user in the pool'}`);
    if (!user) return undefined;
    const ticket = this.ticketFor(user, body, issuer);
    return accepted.reply.length && ticket.status === 200
      ? { ...ticket, headers: { ...ticket.headers, 'WWW-Authenticate': `Negotiate ${this.mutualReply(accepted.reply)}` } }
      : ticket;
  }

  /** The AP-REP as sent (base64); `corruptMutual` flips a byte of it, for the test of the client's check. */
  private mutualReply(reply: Buffer): string {
    const sent = Buffer.from(reply);
    if (this.corruptMutual) sent[sent.length - 1] ^= 0xff;
    return sent.toString('base64');
  }

  /** The user a `X-MS-WebTicket: opaque=<base64 assertion>` value names, when the ticket is valid. */
  userOf(header: string | undefined): SimUser | undefined {
    const opaque = /^\s*opaque=([A-Za-z0-9+/=]{1,65536})\s*$/.exec(header ?? '')?.[1];
    if (!opaque) return undefined;
    const id = /AssertionID="([0-9a-f_]{10,80})"/.exec(Buffer.from(opaque, 'base64').toString('utf8'))?.[1];
    const ticket = id ? this.tickets.get(id) : undefined;
    return ticket && ticket.expires > Date.now() ? ticket.user : undefined;
  }

  private challenge(socket: Socket): Reply {
    const challenge = createChallengeMessage({
      netbiosDomain: this.config.domain.split('.')[0].toUpperCase(),
      netbiosComputer: this.config.fqdn.split('.')[0].toUpperCase(),
      dnsDomain: this.config.domain,
      dnsComputer: this.config.fqdn,
      flags: HTTP_CHALLENGE_FLAGS,
    });
    this.challenges.set(socket, challenge);
    return { status: 401, headers: { 'WWW-Authenticate': `NTLM ${challenge.raw.toString('base64')}` }, body: '' };
  }

  private ticketFor(user: SimUser, body: string, issuer: string): Reply {
    let appliesTo: string | undefined;
    try {
      appliesTo = find(parseXml(body, { maxBytes: 64 * 1024, maxDepth: 16, maxElements: 500 }), 'RequestSecurityToken')
        ?.children.find((c) => c.name === 'AppliesTo')?.children.find((c) => c.name === 'EndpointReference')
        ?.children.find((c) => c.name === 'Address')?.text.trim();
    } catch (error) {
      return { status: 500, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: soapFault(LyncError.from(error).message) };
    }
    if (!appliesTo) return { status: 500, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: soapFault('RequestSecurityToken without AppliesTo') };
    const id = `_${randomBytes(16).toString('hex')}`;
    const now = new Date();
    const expires = new Date(now.getTime() + TICKET_LIFETIME_MS);
    this.tickets.set(id, { user, expires: expires.getTime() });
    while (this.tickets.size > MAX_TICKETS) this.tickets.delete(this.tickets.keys().next().value as string);
    this.note(`web ticket: issued to ${user.uri} for ${appliesTo}`);
    const assertion = samlAssertion({ id, issuer, user: user.uri.replace(/^sip:/, ''), notBefore: now, notOnOrAfter: expires });
    return { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: tokenResponse(assertion, appliesTo, expires) };
  }
}

function find(element: XmlElement, name: string): XmlElement | undefined {
  if (element.name === name) return element;
  for (const child of element.children) {
    const found = find(child, name);
    if (found) return found;
  }
  return undefined;
}
