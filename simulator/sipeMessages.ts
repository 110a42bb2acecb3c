/**
 * Requests as pidgin-sipe writes them (docs/protocol/registration.md#register and the capture in
 * test/fixtures/captures), for the simulator's raw-socket tests, plus the NTLM sign-in done
 * with the src/sip/auth primitives only.
 */
import { randomBytes } from 'node:crypto';
import { createAuthenticateMessage, decodeChallengeMessage, parseLogin } from '../src/sip/auth/ntlm';
import { instanceIdFromEpid } from '../src/sip/auth/instanceId';
import {
  formatAuthenticateAuthorization, formatInitialAuthorization, parseNtlmChallengeHeader, SecurityAssociation, signHandshakeRequest,
} from '../src/sip/auth/sipae';
import { headerParam, insertHeader, RawSipMessage } from '../src/sip/message/rawMessage';
import type { RawSipClient } from './rawClient';

export const USER_AGENT = 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)';

export class SipeEndpoint {
  readonly epid = randomBytes(5).toString('hex');
  readonly instance = instanceIdFromEpid(this.epid);
  /** sipe keeps one Call-ID for every REGISTER of a connection. */
  readonly registerCallId = callId();
  private registerCseq = 0;
  gruu: string | undefined;

  constructor(readonly aor: string, readonly client: RawSipClient) {}

  get domain(): string {
    return this.aor.split('@')[1] ?? '';
  }

  get via(): string {
    return `SIP/2.0/${this.client.transport} 127.0.0.1:${this.client.localPort};branch=z9hG4bK${randomBytes(10).toString('hex').toUpperCase()}`;
  }

  /** `Contact` as sipe registers it (ms-opaque constant, +sip.instance from the epid). */
  get registerContact(): string {
    const t = this.client.transport.toLowerCase();
    return `<sip:127.0.0.1:${this.client.localPort};transport=${t};ms-opaque=d3470f2e1d>;methods="INVITE, MESSAGE, INFO, SUBSCRIBE, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY";proxy=replace;+sip.instance="<urn:uuid:${this.instance}>"`;
  }

  register(options: { authorization?: string; expires?: number; to?: string } = {}): string {
    const lines = [
      `REGISTER sip:${this.domain} SIP/2.0`,
      `Via: ${this.via}`,
      `From: <${this.aor}>;tag=${tag()};epid=${this.epid}`,
      `To: <${options.to ?? this.aor}>`,
      'Max-Forwards: 70',
      `CSeq: ${++this.registerCseq} REGISTER`,
      `User-Agent: ${USER_AGENT}`,
      `Call-ID: ${this.registerCallId}`,
      `Contact: ${this.registerContact}`,
      'Supported: gruu-10, adhoclist, msrtc-event-categories, com.microsoft.msrtc.presence',
      'Event: registration',
      'Allow-Events: presence',
      'ms-keep-alive: UAC;hop-hop=yes',
    ];
    if (options.expires !== undefined) lines.push(`Expires: ${options.expires}`);
    lines.push('Content-Length: 0');
    if (options.authorization) lines.push(`Authorization: ${options.authorization}`);
    return `${lines.join('\r\n')}\r\n\r\n`;
  }

  /** An out-of-dialog request (new Call-ID, CSeq 1, new From tag) or, with `dialog`, an in-dialog one. */
  request(method: string, uri: string, options: {
    headers?: string[]; body?: string; contentType?: string; to?: string; callId?: string; cseq?: number; fromTag?: string;
  } = {}): string {
    const body = options.body ?? '';
    const lines = [
      `${method} ${uri} SIP/2.0`,
      `Via: ${this.via}`,
      `From: <${this.aor}>;tag=${options.fromTag ?? tag()};epid=${this.epid}`,
      `To: ${options.to ?? `<${uri.split(';')[0]}>`}`,
      'Max-Forwards: 70',
      `CSeq: ${options.cseq ?? 1} ${method}`,
      `User-Agent: ${USER_AGENT}`,
      `Call-ID: ${options.callId ?? callId()}`,
      ...(options.headers ?? []),
    ];
    if (this.gruu) lines.push(`Contact: <${this.gruu}>`);
    if (body && options.contentType) lines.push(`Content-Type: ${options.contentType}`);
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    return `${lines.join('\r\n')}\r\n\r\n${body}`;
  }

  /** The provisioning-v2 SUBSCRIBE exactly as in the capture. */
  provisioningSubscribe(): string {
    return this.request('SUBSCRIBE', this.aor, {
      headers: [
        'Event: vnd-microsoft-provisioning-v2', 'Accept: application/vnd-microsoft-roaming-provisioning-v2+xml',
        'Supported: com.microsoft.autoextend', 'Supported: ms-benotify', 'Proxy-Require: ms-benotify',
        'Supported: ms-piggyback-first-notify', 'Expires: 0',
      ],
      contentType: 'application/vnd-microsoft-roaming-provisioning-v2+xml',
      body: '<provisioningGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisioninggrouplist"> <provisioningGroup name="ServerConfiguration"/> <provisioningGroup name="meetingPolicy"/> <provisioningGroup name="persistentChatConfiguration"/> <provisioningGroup name="ucPolicy"/></provisioningGroupList>',
    });
  }
}

export interface SignInResult {
  /** The last response: 200 on success, 401 (wrong password) or whatever the pool answered. */
  response: RawSipMessage;
  /** The 401 that carried the CHALLENGE. */
  challenge?: RawSipMessage;
  /** The first 401 (the offers). */
  offer: RawSipMessage;
  sa?: SecurityAssociation;
  /** The 200 OK's rspauth checked with the new association. */
  okSignature?: 'valid' | 'unsigned' | 'invalid';
}

/** Connection-less NTLM REGISTER handshake (docs/protocol/sipae.md#handshake). On 200 the client signs from then on. */
export async function ntlmSignIn(ep: SipeEndpoint, credentials: { login: string; password: string },
  options: { unsignedAuthenticate?: boolean } = {}): Promise<SignInResult> {
  const client = ep.client;
  const offer = await client.request(ep.register());
  if (offer.status !== 401) return { response: offer, offer };
  const ntlmOffer = offer.headerAll('WWW-Authenticate').map(parseNtlmChallengeHeader).find((p) => p !== undefined);
  if (!ntlmOffer) throw new Error('401 without an NTLM offer');
  const challenge = await client.request(ep.register({ authorization: formatInitialAuthorization(ntlmOffer.params) }));
  const parsed = challenge.headerAll('WWW-Authenticate').map(parseNtlmChallengeHeader).find((p) => p?.gssapiData);
  if (!parsed?.gssapiData || !parsed.params.opaque) return { response: challenge, offer };
  const params = { ...parsed.params, opaque: parsed.params.opaque };
  const { user, domain } = parseLogin(credentials.login);
  const { message, keys } = createAuthenticateMessage(decodeChallengeMessage(parsed.gssapiData), { user, domain, password: credentials.password, workstation: 'SIMTEST' });
  const sa = new SecurityAssociation('client', keys, params);
  const text = ep.register();
  const authenticate = (params.version ?? 0) > 3 && !options.unsignedAuthenticate
    ? signHandshakeRequest(text, params, message, sa)
    : insertHeader(text, `Authorization: ${formatAuthenticateAuthorization(params, message)}`);
  const response = await client.request(authenticate);
  if (response.status !== 200) return { response, challenge, offer, sa };
  client.sa = sa;
  ep.gruu = gruuOf(response, ep.instance);
  return { response, challenge, offer, sa, okSignature: sa.verify(response) };
}

/** The gruu="…" of the Contact whose +sip.instance is ours (case-insensitive). */
export function gruuOf(response: RawSipMessage, instance: string): string | undefined {
  for (const contact of response.headerAll('Contact')) {
    const inst = headerParam(contact, '+sip.instance') ?? '';
    if (inst.toLowerCase().includes(instance.toLowerCase())) return headerParam(contact, 'gruu');
  }
  return undefined;
}

/** sipe's Call-ID shape: XXXXgXXXXaXXXXiXXXXmXXXXtXXXXbXXXXxXXXXx. */
export function callId(): string {
  const q = () => randomBytes(2).toString('hex').toUpperCase();
  return `${q()}g${q()}a${q()}i${q()}m${q()}t${q()}b${q()}x${q()}x`;
}

/** sipe's tags: decimal digits. */
export function tag(): string {
  return String(randomBytes(4).readUInt32BE(0));
}
