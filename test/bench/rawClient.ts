import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { createAuthenticateMessage, decodeChallengeMessage, parseLogin } from '../../src/sip/auth/ntlm';
import { formatAuthenticateAuthorization, formatInitialAuthorization, parseAuthHeader, SecurityAssociation, SipaeParams } from '../../src/sip/auth/sipae';
import { SipFramer } from '../../src/sip/message/framer';
import { parseRawMessage, RawSipMessage } from '../../src/sip/message/rawMessage';

/**
 * The floor the client's sign-in is measured against: the same NTLM REGISTER exchange written
 * straight onto a socket, with no SIP stack, state machine or timers.
 */
export class RawSipClient {
  private readonly framer: SipFramer;
  private readonly queue: RawSipMessage[] = [];
  private waiting: ((m: RawSipMessage) => void) | undefined;
  private cseq = 0;
  readonly callId = randomBytes(8).toString('hex');
  sa: SecurityAssociation | undefined;

  private constructor(readonly socket: net.Socket) {
    this.framer = new SipFramer((bytes) => {
      const message = parseRawMessage(bytes);
      if (this.waiting) { const w = this.waiting; this.waiting = undefined; w(message); } else this.queue.push(message);
    });
    socket.on('data', (chunk: Buffer) => this.framer.push(chunk));
  }

  static connect(port: number): Promise<RawSipClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(new RawSipClient(socket)));
      socket.once('error', reject);
    });
  }

  next(): Promise<RawSipMessage> {
    const m = this.queue.shift();
    return m ? Promise.resolve(m) : new Promise((resolve) => { this.waiting = resolve; });
  }

  register(authorization?: (text: string) => string): string {
    const port = this.socket.localPort;
    const text = [
      'REGISTER sip:contoso.com SIP/2.0',
      `Via: SIP/2.0/TCP 127.0.0.1:${port};branch=z9hG4bK${randomBytes(8).toString('hex')}`,
      `From: <sip:alice@contoso.com>;tag=${randomBytes(4).toString('hex')};epid=01010101`,
      'To: <sip:alice@contoso.com>',
      `Call-ID: ${this.callId}`,
      `CSeq: ${++this.cseq} REGISTER`,
      'Max-Forwards: 70',
      `Contact: <sip:127.0.0.1:${port};transport=tcp>;methods="INVITE, MESSAGE, INFO, SUBSCRIBE, OPTIONS, BYE, CANCEL, NOTIFY, ACK, BENOTIFY";proxy=replace;+sip.instance="<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>"`,
      'Supported: gruu-10, adhoclist, msrtc-event-categories, com.microsoft.msrtc.presence',
      'Event: registration',
      'ms-keep-alive: UAC;hop-hop=yes',
      'Content-Length: 0',
      '', '',
    ].join('\r\n');
    const withAuth = authorization ? text.replace('Content-Length: 0\r\n', `Content-Length: 0\r\nAuthorization: ${authorization(text)}\r\n`) : text;
    this.socket.write(withAuth);
    return withAuth;
  }

  /** The whole NTLM sign-in; resolves with the 200 OK's status. */
  async signIn(login: string, password: string): Promise<number> {
    this.register();
    const offer = parseAuthHeader((await this.next()).header('www-authenticate') ?? '');
    const params: SipaeParams = { scheme: 'NTLM', realm: offer.params.realm, targetname: offer.params.targetname, version: Number(offer.params.version) || undefined };
    this.register(() => formatInitialAuthorization(params));
    const challengeHeader = (await this.next()).headerAll('www-authenticate').map(parseAuthHeader).find((c) => c.params['gssapi-data'])!;
    const challenge = decodeChallengeMessage(Buffer.from(challengeHeader.params['gssapi-data'], 'base64'));
    const { user, domain } = parseLogin(login);
    const { message, keys } = createAuthenticateMessage(challenge, { user, domain, password, workstation: 'BENCH' });
    const sipae = { ...params, opaque: challengeHeader.params.opaque };
    this.sa = new SecurityAssociation('client', keys, sipae);
    this.register((text) => formatAuthenticateAuthorization(sipae, message, this.sa, text));
    return (await this.next()).status ?? 0;
  }

  close(): void {
    this.socket.destroy();
  }
}
