import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { LyncError } from '../common/errors';
import { Logger } from '../common/logger';
import { createDigestAuthorization } from '../sip/auth/digest';
import { kerberosCredentialsAvailable } from '../sip/auth/kerberos/loader';
import { createAuthenticateMessage, decodeChallengeMessage, parseLogin } from '../sip/auth/ntlm';
import { formatAuthenticateAuthorization, formatInitialAuthorization, parseAuthHeader, SecurityAssociation, SipaeParams } from '../sip/auth/sipae';
import { headerParam } from '../sip/message/rawMessage';
import { parseServer } from '../sip/discovery';
import type { ConnectTarget } from '../sip/transport/connect';
import type { SipRequest, SipResponse, SipStack } from '../sip/sipStack';
import { errorFromResponse } from './sipErrors';
import type { RememberedNtlmOffer } from './poolMemory';
import { kerberosRefusedByPool, noSupportedScheme, passwordNeeded, passwordRefused } from './authErrors';
import { KerberosChoice, KerberosStart, startKerberos } from './kerberosStep';

/** Which MS-SIPAE scheme to use: `auto` = Kerberos when the pool offers it and a ticket exists, NTLM otherwise. */
export type AuthenticationChoice = 'auto' | 'kerberos' | 'ntlm';

export interface Credential {
  /** `DOMAIN\user` or `user@domain`; empty = the SIP URI's user@domain. */
  username?: string;
  /** Empty with Kerberos (single sign-on needs none). */
  password: string;
  /** Default 'auto'. */
  authentication?: AuthenticationChoice;
}

export interface RegistrationInfo {
  gruu?: string;
  expiresSec: number;
  keepAliveSec: number;
  allowEvents: string[];
  /** `Supported: msrtc-event-categories` → OCS 2007+ / Lync: provisioning-v2 and Persistent Chat exist. */
  supportsEventCategories: boolean;
  server?: string;
  /** `ms-user-logon-data: RemoteUser`: signed in through an Access Edge, from outside the network. */
  remoteUser: boolean;
}

export type RegisterResult = { kind: 'registered'; info: RegistrationInfo } | { kind: 'redirect'; target: ConnectTarget };

export interface RegistrationOptions {
  aor: string;
  domain: string;
  instanceId: string;
  /** User endpoints authenticate; trusted applications (MTLS) do not. */
  credential?: Credential;
  /** Contact to register instead of our transport address (a trusted application's GRUU). */
  contactUri?: string;
  requestTimeoutMs: number;
  logger: Logger;
  /** The registrar's NTLM offer remembered from the last run: the first REGISTER asks for the CHALLENGE directly. */
  ntlmOffer?: RememberedNtlmOffer;
}

type Authorize = { header: 'Authorization' | 'Proxy-Authorization'; value: (messageText: string) => string };

const METHODS = 'INVITE, MESSAGE, INFO, SUBSCRIBE, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY';
const MAX_AUTH_ROUNDS = 4;

/**
 * REGISTER on one connection, as Lync expects it (docs/protocol/registration.md#register): one Call-ID for the
 * connection, a CSeq counter, the connection-less NTLM handshake that installs the MS-SIPAE
 * security association, Digest for non-Lync registrars, 301 to the home pool, GRUU from the 200 OK.
 */
export class Registration {
  private readonly callId = randomBytes(16).toString('hex');
  private cseq = 0;
  /** Used by the first register() only; a pool that answers it otherwise gets the usual handshake at once. */
  private earlyOffer: RememberedNtlmOffer | undefined;
  private learned: RememberedNtlmOffer | undefined;
  /** Whether the registrar's last NTLM offer came with a Kerberos one (remembered, then as seen). */
  private kerberosOffered: boolean | undefined;

  constructor(private readonly stack: SipStack, private readonly options: RegistrationOptions) {
    this.earlyOffer = options.ntlmOffer;
    this.kerberosOffered = options.ntlmOffer?.kerberos;
  }

  /**
   * The NTLM offer the last register() was given (realm, targetname, version, and whether Kerberos
   * was offered beside it), to remember for the next start; undefined without NTLM.
   */
  get ntlmOffer(): RememberedNtlmOffer | undefined {
    return this.learned && (this.kerberosOffered === undefined ? this.learned : { ...this.learned, kerberos: this.kerberosOffered });
  }

  async register(signal?: AbortSignal): Promise<RegisterResult> {
    // The value is computed from the very message it goes on: a v4 AUTHENTICATE signs that message.
    this.learned = undefined;
    let authorization = this.earlyNegotiate();
    let ntlm: SipaeParams | undefined;
    let kerberos: KerberosChoice | undefined;
    for (let round = 0; round <= MAX_AUTH_ROUNDS; round++) {
      const response = await this.stack.send(this.buildRegister(this.options.contactUri, [], authorization), { signal, timeoutMs: this.options.requestTimeoutMs });
      const status = response.statusCode;
      if (status >= 200 && status < 300) {
        adoptOpaque(this.stack.securityAssociation, response);
        return { kind: 'registered', info: this.accept(response) };
      }
      if (status === 301 || status === 302) return { kind: 'redirect', target: this.redirectTarget(response) };
      if (round === 0 && authorization) {
        // the early negotiate request answered: taken as the answer to a plain first REGISTER, except a 400 (refused as malformed)
        authorization = undefined;
        if (earlyRequestRefused(status)) {
          this.options.logger.debug(`the early NTLM negotiate request was answered ${status}: sending the plain first REGISTER`);
          continue;
        }
      }
      if (status !== 401 && status !== 407) throw errorFromResponse(response, 'Sign-in');
      const raw = response.raw;
      const credential = this.options.credential;
      if (!credential) {
        throw new LyncError('Rejected', 'The server asked a trusted application to authenticate: it does not trust this application\'s certificate or GRUU.', { sipStatus: status, retriable: false });
      }
      const challenges = raw.headerAll(status === 401 ? 'www-authenticate' : 'proxy-authenticate');
      this.kerberosOffered = offersKerberos(challenges) ?? this.kerberosOffered;
      kerberos = await this.kerberosStep(challenges, credential, kerberos, response);
      if (kerberos.kind === 'failed') throw kerberos.error;
      if (kerberos.kind === 'skipped' && credential.password === '' && credential.authentication !== 'kerberos') throw passwordNeeded(status);
      if (kerberos.kind === 'sent') {
        authorization = { header: status === 401 ? 'Authorization' : 'Proxy-Authorization', value: kerberos.value };
        continue;
      }
      const ntlmChallenge = challenges.map(parseAuthHeader).find((c) => c.scheme.toUpperCase() === 'NTLM');
      if (ntlmChallenge && credential.authentication !== 'kerberos') {
        if (ntlm && !ntlmChallenge.params['gssapi-data']) {
          // A new offer after our AUTHENTICATE: the proof did not match the password.
          this.stack.setSecurityAssociation(undefined);
          throw passwordRefused(response, 'Sign-in');
        }
        const step = this.ntlmStep(ntlmChallenge.params, credential);
        ntlm = step.params;
        authorization = { header: status === 401 ? 'Authorization' : 'Proxy-Authorization', value: step.value };
        continue;
      }
      const digest = challenges.find((c) => /^digest\s/i.test(c));
      if (digest && credential.authentication !== 'kerberos') {
        if (authorization) throw passwordRefused(response, 'Sign-in');
        authorization = { header: status === 401 ? 'Authorization' : 'Proxy-Authorization', value: () => this.digestAuthorization(digest, credential) };
        continue;
      }
      // Kerberos could not start and nothing else is offered: say why Kerberos failed
      throw kerberos.kind === 'skipped' && kerberos.error ? kerberos.error : noSupportedScheme(challenges, status);
    }
    throw new LyncError('AuthenticationFailed', 'Sign-in did not complete after several authentication rounds.', { retriable: false, auth: { reason: 'handshakeIncomplete' } });
  }

  /** `Expires: 0`: removes this endpoint's binding. */
  async unregister(timeoutMs: number): Promise<void> {
    await this.stack.send(this.buildRegister(this.options.contactUri, ['Expires: 0']), { timeoutMs });
  }

  private buildRegister(contactUri: string | undefined, extra: string[] = [], authorize?: SipRequest['authorize']): SipRequest {
    const { stack, options } = this;
    const contactTarget = contactUri ?? `sip:${bracket(stack.localAddress)}:${stack.localPort};transport=${stack.protocol.toLowerCase()};ms-opaque=d3470f2e1d`;
    return {
      method: 'REGISTER',
      uri: `sip:${options.domain}`,
      authorize,
      toUri: options.aor,
      callId: this.callId,
      cseq: ++this.cseq,
      headers: [
        `Contact: <${contactTarget}>;methods="${METHODS}";proxy=replace;+sip.instance="<urn:uuid:${options.instanceId}>"`,
        'Supported: gruu-10, adhoclist, msrtc-event-categories, com.microsoft.msrtc.presence',
        'Event: registration',
        'Allow-Events: presence',
        'ms-keep-alive: UAC;hop-hop=yes',
        ...extra,
      ],
    };
  }

  /**
   * docs/protocol/sipae.md#early-negotiate: with the registrar's NTLM offer known from the last run, the
   * first REGISTER carries the negotiate request (byte-identical to the one answering the offer), so
   * the pool's first 401 is the CHALLENGE. Only once per Registration, only for an NTLM password sign-in.
   */
  private earlyNegotiate(): Authorize | undefined {
    const offer = this.earlyOffer;
    const credential = this.options.credential;
    this.earlyOffer = undefined;
    if (!offer || !credential || credential.password === '' || credential.authentication === 'kerberos') return undefined;
    if (credential.authentication !== 'ntlm' && offer.kerberos !== false && kerberosCredentialsAvailable()) {
      // `auto` with a ticket at hand: the pool's offer decides (Kerberos when it offers it), as on a first start
      this.options.logger.debug('a Kerberos ticket is at hand: no early NTLM request, the pool\'s offer decides');
      return undefined;
    }
    this.options.logger.debug('asking for the NTLM CHALLENGE directly with the offer remembered from the last run');
    const params: SipaeParams = { scheme: 'NTLM', realm: offer.realm, targetname: offer.targetname, version: offer.version };
    return { header: 'Authorization', value: () => formatInitialAuthorization(params) };
  }

  private digestAuthorization(challenge: string, credential: Credential): string {
    return createDigestAuthorization(challenge, {
      username: credential.username || this.options.aor.replace(/^sips?:/i, ''),
      password: credential.password,
      method: 'REGISTER',
      uri: `sip:${this.options.domain}`,
    });
  }

  /**
   * Kerberos when the choice allows it and the pool offers it: the AP-REQ, with the association
   * installed now (the 200 OK is signed). 'skipped' (NTLM may follow) or 'failed' (its error, thrown
   * when nothing else may be used) otherwise; in `auto`, Kerberos that cannot start here falls back.
   */
  private async kerberosStep(challenges: readonly string[], credential: Credential, previous: KerberosChoice | undefined, response: SipResponse): Promise<KerberosChoice> {
    if (previous?.kind === 'sent') {
      // A new offer after our ticket: the pool does not accept this user (never a reason to try NTLM).
      this.stack.setSecurityAssociation(undefined);
      throw kerberosRefusedByPool(response);
    }
    if (previous) return previous;
    const choice = credential.authentication ?? 'auto';
    const offer = choice === 'ntlm' ? undefined : challenges.map(parseAuthHeader).find((c) => c.scheme.toLowerCase() === 'kerberos');
    if (!offer) return { kind: 'skipped' };
    const start: KerberosStart = await startKerberos(offer.params, { fallBack: choice === 'auto' && credential.password !== '', logger: this.options.logger });
    if (start.kind !== 'started') return start;
    this.stack.setSecurityAssociation(start.sa);
    return { kind: 'sent', value: (text) => formatAuthenticateAuthorization(start.sa.params, start.token, start.sa, text) };
  }

  private ntlmStep(params: Record<string, string>, credential: Credential): { params: SipaeParams; value: (messageText: string) => string } {
    const base: SipaeParams = {
      scheme: 'NTLM',
      realm: params.realm ?? 'SIP Communications Service',
      targetname: params.targetname ?? '',
      version: params.version ? Number(params.version) : undefined,
    };
    this.learned = { realm: base.realm, targetname: base.targetname, version: base.version };
    const gssapi = params['gssapi-data'];
    if (!gssapi) return { params: base, value: () => formatInitialAuthorization(base) };
    const challenge = decodeChallengeMessage(Buffer.from(gssapi, 'base64'));
    const login = parseLogin(credential.username || this.options.aor.replace(/^sips?:/i, ''));
    const { message, keys } = createAuthenticateMessage(challenge, {
      user: login.user,
      domain: login.domain,
      password: credential.password,
      workstation: hostname().split('.')[0].toUpperCase().slice(0, 15),
    });
    const sipae: SipaeParams & { opaque: string } = { ...base, opaque: params.opaque ?? '' };
    const sa = new SecurityAssociation('client', keys, sipae);
    // Installed now: the 200 OK to this REGISTER is already signed with the new keys.
    this.stack.setSecurityAssociation(sa);
    return { params: sipae, value: (text) => formatAuthenticateAuthorization(sipae, message, sa, text) };
  }

  private accept(response: SipResponse): RegistrationInfo {
    const raw = response.raw;
    const contacts = raw.headerAll('contact');
    const mine = contacts.find((c) => c.toLowerCase().includes(this.options.instanceId.toLowerCase()));
    const gruu = mine ? headerParam(mine, 'gruu') : undefined;
    const expires = Number(headerParam(mine ?? '', 'expires') ?? raw.header('expires') ?? 3600);
    const keepAlive = Number(/timeout=(\d+)/i.exec(raw.header('ms-keep-alive') ?? '')?.[1] ?? 300);
    return {
      gruu,
      expiresSec: Number.isFinite(expires) && expires > 0 ? expires : 3600,
      keepAliveSec: Number.isFinite(keepAlive) && keepAlive > 0 ? keepAlive : 300,
      allowEvents: raw.headerAll('allow-events').flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean),
      supportsEventCategories: raw.headerAll('supported').some((v) => /msrtc-event-categories/i.test(v)),
      server: raw.header('server'),
      remoteUser: raw.headerAll('ms-user-logon-data').some((v) => /(^|[\s,;])RemoteUser($|[\s,;])/i.test(v)),
    };
  }

  private redirectTarget(response: SipResponse): ConnectTarget {
    const raw = response.raw;
    const contact = raw.header('contact') ?? '';
    const uri = /<([^>]+)>/.exec(contact)?.[1] ?? contact.split(';')[0];
    const match = /^sips?:(?:[^@;]+@)?([^;>]+)/i.exec(uri.trim());
    if (!match) throw new LyncError('ProtocolError', `The server redirected sign-in without a usable Contact ("${contact}").`, { sipStatus: response.statusCode });
    const transport = /;transport=tcp/i.test(uri) ? 'tcp' : 'tls';
    return parseServer(match[1], transport);
  }
}

/** Kerberos: the server names the association's opaque in the Authentication-Info of its 200 OK (a bounded token). */
function adoptOpaque(sa: SecurityAssociation | undefined, response: SipResponse): void {
  if (sa?.params.scheme !== 'Kerberos') return;
  const info = response.raw.header('authentication-info');
  const opaque = info ? parseAuthHeader(info).params.opaque : undefined;
  if (opaque !== undefined && /^[\w+/=.-]{1,64}$/.test(opaque)) sa.setOpaque(opaque);
}

/**
 * docs/protocol/sipae.md#early-negotiate: the answers that refuse the early negotiate request itself
 * (a registrar that cannot read it), not the sign-in: the plain first REGISTER follows at once. Every
 * other answer (401/407 offers or CHALLENGE, 403, 404, 503…) is the one a plain first REGISTER would get.
 */
/** For an offer (an NTLM challenge without gssapi-data): whether Kerberos is offered beside it; undefined for a CHALLENGE. */
function offersKerberos(challenges: string[]): boolean | undefined {
  const parsed = challenges.map(parseAuthHeader);
  if (!parsed.some((c) => c.scheme.toUpperCase() === 'NTLM' && !c.params['gssapi-data'])) return undefined;
  return parsed.some((c) => c.scheme.toLowerCase() === 'kerberos');
}

function earlyRequestRefused(status: number): boolean {
  return status === 400;
}

function bracket(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}
