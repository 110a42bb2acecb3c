/**
 * REGISTER as a Lync Server 2013 front end answers it (docs/protocol/registration.md#register-responses, docs/protocol/sipae.md#handshake): the NTLM
 * handshake through auth.ts, then 200 OK (signed) with the GRUU matched by +sip.instance,
 * Expires, ms-keep-alive, Allow-Events, Supported flags; refresh, `Expires: 0`, expiry. The
 * Director authenticates the same way and answers 301 to the home pool. Trusted applications
 * (mutual TLS) register without NTLM; Digest mode verifies Digest and signs nothing.
 */
import { parseAuthHeader } from '../src/sip/auth/sipae';
import { headerParam, RawSipMessage, uriOfNameAddr } from '../src/sip/message/rawMessage';
import type { Authenticator, NtlmOutcome } from './auth';
import type { PoolConfig, SimUser } from './config';
import type { SimConnection } from './connection';
import { splitHeaderEntries } from './headerList';
import { ALLOW_EVENTS } from './provisioning';
import { diagnosticsHeader } from './responses';
import { aorOf } from './uri';

export class Registrar {
  constructor(
    private readonly config: PoolConfig,
    private readonly auth: Authenticator,
    /** The home pool's listening port for a transport (the 301 target, our Contact). */
    readonly homePort: (transport: 'TLS' | 'TCP') => number,
    /** Whether the connection comes through the Access Edge (its user signs in from outside: RemoteUser). */
    private readonly throughEdge: (conn: SimConnection) => boolean = () => false,
  ) {}

  handle(conn: SimConnection, request: RawSipMessage, signed: boolean): void {
    if (conn.trustedApplication) return this.registerTrusted(conn, request);
    const authorization = request.header('Authorization') ?? request.header('Proxy-Authorization');
    if (this.config.auth === 'digest') return this.digest(conn, request, authorization);
    // Only TLS-DSK offered: this test bed does not verify it, so nobody signs in.
    if (this.config.auth !== 'ntlm' && this.config.auth !== 'kerberos') return this.auth.challenge(conn, request);

    const parsed = authorization ? parseAuthHeader(authorization) : undefined;
    if (parsed?.scheme.toLowerCase() === 'kerberos' && parsed.params['gssapi-data']) {
      return this.established(conn, request, this.auth.acceptKerberos(conn, request, parsed.params), 'Kerberos');
    }
    const ntlmOffered = this.config.auth === 'ntlm';
    const gssapiData = ntlmOffered && parsed?.scheme.toUpperCase() === 'NTLM' ? parsed.params['gssapi-data'] : undefined;
    if (parsed && gssapiData !== undefined) {
      if (gssapiData === '') {
        // a new handshake replaces whatever association the connection had
        conn.signer = undefined;
        conn.authenticatedUser = undefined;
        // no state is needed between the offer and this request (a client may send it first); one naming another server gets the offer
        if (!this.auth.namesThisPool(parsed.params)) return this.auth.challenge(conn, request);
        return this.auth.sendNtlmChallenge(conn, request);
      }
      return this.established(conn, request, this.auth.acceptNtlm(conn, request, parsed.params), 'NTLM');
    }
    if (conn.signer && signed && conn.authenticatedUser) return this.complete(conn, request, conn.authenticatedUser);
    if (conn.signer) conn.note(`unsigned REGISTER (${parsed ? `${parsed.scheme} without gssapi-data` : 'no Authorization'}): security association dropped, new offer`);
    conn.signer = undefined;
    conn.authenticatedUser = undefined;
    this.auth.challenge(conn, request);
  }

  /** The end of an NTLM or Kerberos handshake: the association installed, or a fresh 401 offer. */
  private established(conn: SimConnection, request: RawSipMessage, outcome: NtlmOutcome, scheme: string): void {
    if (!outcome.ok) {
      conn.note(`${scheme} authentication failed: ${outcome.why}`);
      conn.signer = undefined;
      conn.authenticatedUser = undefined;
      // Lync answers a failed AUTHENTICATE (or ticket) with a fresh 401 offer (no CHALLENGE)
      return this.auth.challenge(conn, request);
    }
    conn.signer = outcome.sa;
    conn.authenticatedUser = outcome.user;
    this.complete(conn, request, outcome.user);
  }

  private digest(conn: SimConnection, request: RawSipMessage, authorization: string | undefined): void {
    if (!authorization) return this.auth.challenge(conn, request);
    const outcome = this.auth.acceptDigest(conn, request, authorization);
    if (!outcome.ok) {
      conn.note(`Digest authentication failed: ${outcome.why}`);
      return this.auth.challenge(conn, request);
    }
    conn.authenticatedUser = outcome.user;
    this.complete(conn, request, outcome.user);
  }

  /** Authenticated: 403 for someone else's AOR, 301 on the Director, else bind/refresh/remove. */
  private complete(conn: SimConnection, request: RawSipMessage, user: SimUser): void {
    const to = aorOf(request.header('To') ?? '');
    if (to !== aorOf(user.uri)) {
      conn.note(`REGISTER for ${to} by ${user.login}: forbidden`);
      return conn.reply(request, 403, 'Forbidden', {
        toTag: conn.registrarTag,
        headers: [diagnosticsHeader('4002;reason="The authenticated user is not allowed to register this URI"', this.config.fqdn)],
      });
    }
    conn.userUri = aorOf(user.uri);
    if (conn.role === 'director') {
      const transport = conn.transport;
      conn.note(`Director: ${user.uri} redirected to ${this.config.fqdn}:${this.homePort(transport)} (${transport})`);
      return conn.reply(request, 301, 'Moved Permanently', {
        toTag: conn.registrarTag,
        headers: [`Contact: <sip:${this.config.fqdn}:${this.homePort(transport)};transport=${transport.toLowerCase()}>`],
      });
    }
    this.bind(conn, request, user.uri, undefined);
  }

  /** Trusted application (verified client certificate): no NTLM, nothing signed, its GRUU as Contact. */
  private registerTrusted(conn: SimConnection, request: RawSipMessage): void {
    const app = conn.trustedApplication;
    if (!app) return;
    const contacts = contactsOf(request);
    const foreignGruu = contacts.find((c) => /;gruu\b/i.test(uriOfNameAddr(c)) && !sameUri(uriOfNameAddr(c), app.gruu));
    if (foreignGruu) {
      conn.note(`trusted application ${app.fqdn} tried to register GRUU ${uriOfNameAddr(foreignGruu)}`);
      return conn.reply(request, 403, 'Forbidden', { toTag: conn.registrarTag, headers: [diagnosticsHeader('4003;reason="GRUU does not belong to this application"', this.config.fqdn)] });
    }
    conn.userUri = aorOf(request.header('To') ?? '');
    this.bind(conn, request, conn.userUri, app.gruu);
  }

  private bind(conn: SimConnection, request: RawSipMessage, aor: string, fixedGruu: string | undefined): void {
    const chosen = boundContact(request);
    const expires = requestedExpires(request, chosen, this.config.registrationExpiresSec);
    if (conn.registration) clearTimeout(conn.registration.timer);
    conn.registration = undefined;
    if (expires === 0 || !chosen || chosen.trim() === '*') {
      conn.note(`${aor} de-registered`);
      return conn.reply(request, 200, 'OK', { toTag: conn.registrarTag, headers: ['Expires: 0'] });
    }
    const contactUri = uriOfNameAddr(chosen);
    const instance = unquoteAngle(headerParam(chosen, '+sip.instance'));
    const uuid = instance?.replace(/^urn:uuid:/i, '').toLowerCase();
    const gruu = fixedGruu ?? (uuid && /^[0-9a-f-]{36}$/.test(uuid) ? `${aorOf(aor)};opaque=user:epid:${epidOpaque(uuid)};gruu` : undefined);
    const timer = setTimeout(() => {
      if (conn.registration?.timer !== timer) return;
      conn.registration = undefined;
      conn.note(`registration of ${aor} expired after ${expires} s`);
    }, expires * 1000);
    timer.unref();
    conn.registration = { aor: aorOf(aor), contact: contactUri, gruu, expiresAt: Date.now() + expires * 1000, timer };
    conn.contact = gruu ? `<${gruu}>` : `<${contactUri}>`;
    let contact = `Contact: <${contactUri}>;expires=${expires}`;
    if (uuid) contact += `;+sip.instance="<urn:uuid:${uuid}>"`;
    if (gruu) contact += `;gruu="${gruu}"`;
    conn.note(`${aor} registered for ${expires} s${gruu ? `, GRUU ${gruu}` : ''}`);
    conn.reply(request, 200, 'OK', {
      toTag: conn.registrarTag,
      headers: [
        contact,
        `Expires: ${expires}`,
        'presence-state: register-action="added"',
        `Allow-Events: ${ALLOW_EVENTS.join(',')}`,
        `ms-keep-alive: UAS; tcp=no; hop-hop=yes; end-end=no; timeout=${this.config.keepAliveTimeoutSec}`,
        'Supported: adhoclist',
        'Supported: msrtc-event-categories',
        ...(this.config.remoteUsers || this.throughEdge(conn) ? ['ms-user-logon-data: RemoteUser'] : []),
      ],
    });
  }
}

/** Every Contact value of the request, split on commas outside quotes and angle brackets. */
export function contactsOf(request: RawSipMessage): string[] {
  return request.headerAll('Contact').flatMap(splitHeaderEntries);
}

/** The Contact a REGISTER binds: the one with +sip.instance, else the first. */
function boundContact(request: RawSipMessage): string | undefined {
  const contacts = contactsOf(request);
  return contacts.find((c) => headerParam(c, '+sip.instance') !== undefined) ?? contacts[0];
}

/** Whether a REGISTER removes its binding (Expires 0, `Contact: *`, no Contact): a sign-out. */
export function isDeregistration(request: RawSipMessage): boolean {
  const chosen = boundContact(request);
  return !chosen || chosen.trim() === '*' || requestedExpires(request, chosen, 1) === 0;
}

/** Expires of the Contact, else the Expires header, else the pool default; capped at the default. */
function requestedExpires(request: RawSipMessage, contact: string | undefined, max: number): number {
  const fromContact = contact ? headerParam(contact, 'expires') : undefined;
  const text = fromContact ?? request.header('Expires');
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return max;
  return Math.min(Number(text), max);
}

function unquoteAngle(value: string | undefined): string | undefined {
  return value?.replace(/^<|>$/g, '');
}

function sameUri(a: string, b: string): boolean {
  return a.replace(/^<|>$/g, '').toLowerCase() === b.replace(/^<|>$/g, '').toLowerCase();
}

/**
 * Lync's GRUU opaque for an endpoint: the +sip.instance GUID in Windows byte order (first three
 * fields little-endian) plus two zero bytes, base64url — e.g. 21nYNIVlkV-jtN6FPBU0fQAA.
 */
export function epidOpaque(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  const bytes = Buffer.from(hex, 'hex');
  const windows = Buffer.concat([
    Buffer.from(bytes.subarray(0, 4)).reverse(), Buffer.from(bytes.subarray(4, 6)).reverse(),
    Buffer.from(bytes.subarray(6, 8)).reverse(), bytes.subarray(8, 16), Buffer.alloc(2),
  ]);
  return windows.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
