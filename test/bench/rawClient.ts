import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { createAuthenticateMessage, decodeChallengeMessage, parseLogin } from '../../src/sip/auth/ntlm';
import { formatAuthenticateAuthorization, formatInitialAuthorization, parseAuthHeader, SecurityAssociation, SipaeParams } from '../../src/sip/auth/sipae';
import { SipFramer } from '../../src/sip/message/framer';
import { parseRawMessage, RawSipMessage, uriOfNameAddr } from '../../src/sip/message/rawMessage';

const AOR = 'sip:alice@contoso.com';
const EPID = '01010101';
const SDP = 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=session\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=message 5060 sip null\r\n'
  + 'a=accept-types:text/plain text/html image/gif application/im-iscomposing+xml application/ms-imdn+xml text/x-msmsgsinvite\r\n';
const PROVISIONING_BODY = '<provisioningGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisioninggrouplist"> <provisioningGroup name="ServerConfiguration"/> '
  + '<provisioningGroup name="meetingPolicy"/> <provisioningGroup name="persistentChatConfiguration"/> <provisioningGroup name="ucPolicy"/></provisioningGroupList>';

/** One dialog as the raw client tracks it: enough to write in-dialog requests. */
interface RawDialog { callId: string; from: string; to: string; target: string; cseq: number }

/**
 * The floor the client is measured against: the same NTLM REGISTER exchange (and, for connect,
 * the same provisioning SUBSCRIBE and Persistent Chat dialogs) written straight onto a socket, with
 * no SIP stack, state machine, XML parser or timers. After sign-in it signs what it sends and
 * verifies what it receives, as the product does.
 */
export class RawSipClient {
  private readonly framer: SipFramer;
  private readonly responses: RawSipMessage[] = [];
  private readonly requests: RawSipMessage[] = [];
  private wake: (() => void) | undefined;
  private closed: Error | undefined;
  private cseq = 0;
  private gruu = '';
  private envid = 1000;
  readonly callId = randomBytes(8).toString('hex');
  sa: SecurityAssociation | undefined;
  /** Requests this client sent and waited for (its round trips). */
  roundTrips = 0;

  private constructor(readonly socket: net.Socket) {
    this.framer = new SipFramer((bytes) => this.received(parseRawMessage(bytes)));
    socket.on('data', (chunk: Buffer) => this.framer.push(chunk));
    socket.on('close', () => this.fail(new Error('connection closed')));
    socket.on('error', (error) => this.fail(error));
  }

  static connect(port: number): Promise<RawSipClient> {
    return new Promise((resolve, reject) => {
      // As the product's transport does: no Nagle delay between a request and the next small write.
      const socket = net.connect({ host: '127.0.0.1', port, noDelay: true }, () => resolve(new RawSipClient(socket)));
      socket.once('error', reject);
    });
  }

  register(authorization?: (text: string) => string): string {
    const port = this.socket.localPort;
    const text = [
      'REGISTER sip:contoso.com SIP/2.0',
      `Via: SIP/2.0/TCP 127.0.0.1:${port};branch=z9hG4bK${randomBytes(8).toString('hex')}`,
      `From: <${AOR}>;tag=${randomBytes(4).toString('hex')};epid=${EPID}`,
      `To: <${AOR}>`,
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
    this.roundTrips++;
    return withAuth;
  }

  /** The whole NTLM sign-in; resolves with the final response's status. `knownOffer` (a restart's): no unauthenticated REGISTER first. */
  async signIn(login: string, password: string, knownOffer?: SipaeParams): Promise<number> {
    const params = knownOffer ?? await this.offer();
    this.ntlmOffer = params;
    this.register(() => formatInitialAuthorization(params));
    const challengeHeader = (await this.response()).headerAll('www-authenticate').map(parseAuthHeader).find((c) => c.params['gssapi-data'])!;
    const challenge = decodeChallengeMessage(Buffer.from(challengeHeader.params['gssapi-data'], 'base64'));
    const { user, domain } = parseLogin(login);
    const { message, keys } = createAuthenticateMessage(challenge, { user, domain, password, workstation: 'BENCH' });
    const sipae = { ...params, opaque: challengeHeader.params.opaque };
    const sa = new SecurityAssociation('client', keys, sipae);
    this.register((text) => formatAuthenticateAuthorization(sipae, message, sa, text));
    const ok = await this.response();
    if (ok.status === 200) {
      this.sa = sa;
      this.verify(ok);
      this.gruu = /gruu="([^"]+)"/.exec(ok.headerAll('Contact').join(','))?.[1] ?? '';
    }
    return ok.status ?? 0;
  }

  private async offer(): Promise<SipaeParams> {
    this.register();
    const offer = parseAuthHeader((await this.response()).header('www-authenticate') ?? '');
    return { scheme: 'NTLM', realm: offer.params.realm, targetname: offer.params.targetname, version: Number(offer.params.version) || undefined };
  }

  /**
   * After signIn(): what connect-to-Established does on the wire. Provisioning SUBSCRIBE, lookup
   * INVITE + cmd:requri, BYE with the chat server INVITE, cmd:getserverinfo with cmd:getinv; every server
   * INFO answered 200. Resolves with the number of invitations in rpl:getinv.
   */
  async connectChat(lookupUri = 'sip:PersistentChatPool@contoso.com'): Promise<number> {
    const provisioning = await this.request(this.outOfDialog('SUBSCRIBE', AOR, [
      'Event: vnd-microsoft-provisioning-v2', 'Accept: application/vnd-microsoft-roaming-provisioning-v2+xml', 'Supported: com.microsoft.autoextend',
      'Supported: ms-benotify', 'Proxy-Require: ms-benotify', 'Supported: ms-piggyback-first-notify', 'Expires: 0',
    ], PROVISIONING_BODY, 'application/vnd-microsoft-roaming-provisioning-v2+xml'));
    const provisioned = /name="DefaultPersistentChatPoolUri">([^<]+)</.exec(provisioning.text)?.[1] ?? lookupUri;

    const lookup = await this.invite(provisioned);
    const [requri] = await this.xccos(lookup, ['<cmd id="cmd:requri" seqid="1"><data/></cmd>']);
    const chatServer = /<uib uri="([^"]+)"/.exec(requri)?.[1];
    if (!chatServer) throw new Error('raw client: no chat server URI in rpl:requri');
    // The lookup dialog's BYE goes with the chat server's INVITE (one round trip for both).
    const invitations = await this.openChat(chatServer, [this.inDialog(lookup, 'BYE')]);
    this.knownChatServer = chatServer;
    return invitations;
  }

  /** The chat server known from the last session: INVITE it directly (no lookup), re-joining `rooms` with cmd:bjoin. */
  async reconnectChat(rooms: string[] = []): Promise<number> {
    if (!this.knownChatServer) throw new Error('raw client: connectChat() first');
    // Provisioning (still read, for the lookup URI) goes with the INVITE: one round trip for both.
    return this.openChat(this.knownChatServer, [this.outOfDialog('SUBSCRIBE', AOR, [
      'Event: vnd-microsoft-provisioning-v2', 'Accept: application/vnd-microsoft-roaming-provisioning-v2+xml', 'Supported: com.microsoft.autoextend',
      'Supported: ms-benotify', 'Proxy-Require: ms-benotify', 'Supported: ms-piggyback-first-notify', 'Expires: 0',
    ], PROVISIONING_BODY, 'application/vnd-microsoft-roaming-provisioning-v2+xml')], rooms);
  }

  /** INVITE the chat server (answering `alsoPending` too), then cmd:getserverinfo, cmd:bjoin (if `rooms`) and cmd:getinv together. */
  private async openChat(chatServer: string, alsoPending: string[], rooms: string[] = []): Promise<number> {
    const chat = await this.invite(chatServer, alsoPending);
    this.chat = chat;
    const bjoin = rooms.map((uri) => /^ma-chan:\/\/([^/]+)\/(.+)$/.exec(uri) ?? []).map(([, domain, value]) => `<chanid key="0" domain="${domain}" value="${value}"/>`);
    const replies = await this.xccos(chat, [
      '<cmd id="cmd:getserverinfo" seqid="1"><data><sib domain="contoso.com" infoType="123"/></data></cmd>',
      ...(bjoin.length ? [`<cmd id="cmd:bjoin" seqid="1"><data>${bjoin.join('')}</data></cmd>`] : []),
      '<cmd id="cmd:getinv" seqid="1"><data><inv inviteId="0" domain="contoso.com"/></data></cmd>',
    ]);
    return replies.at(-1)!.split('<inv ').length - 1;
  }

  /**
   * A post and the cmd:bccontext that confirms it, in one write (one round trip), as the product
   * posts; resolves once rpl:bccontext shows the post stored.
   */
  async post(roomUri: string, text: string): Promise<void> {
    if (!this.chat) throw new Error('raw client: connectChat() first');
    const ts = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const post = this.inDialog(this.chat, 'INFO', `<xccos ver="1" envid="${++this.envid}" xmlns="urn:parlano:xml:ns:xccos"><grpchat id="grpchat" seqid="1" chanUri="${roomUri}" author="${AOR}" ts="${ts}"><chat>${text}</chat></grpchat></xccos>`);
    const [reply] = await this.xccos(this.chat, [`<cmd id="cmd:bccontext" seqid="1"><data><chanib uri="${roomUri}"/><bcq><last cnt="10"/></bcq></data></cmd>`], [post]);
    if (!reply.includes(`<chat>${text}</chat>`)) throw new Error(`raw client: the post "${text}" is not in rpl:bccontext`);
  }

  /** The chat server named by the lookup in connectChat() (a reconnecting client is given it). */
  knownChatServer: string | undefined;
  /** The registrar's NTLM offer of the last signIn(), for a restart's. */
  ntlmOffer: SipaeParams | undefined;

  /** The chat-server dialog of connectChat(), for joinRoom()/receiveChats(). */
  private chat: RawDialog | undefined;

  /** cmd:join of one room in the chat-server dialog; resolves with the rpl:join body. */
  async joinRoom(roomUri: string): Promise<string> {
    if (!this.chat) throw new Error('raw client: connectChat() first');
    const [, domain, value] = /^ma-chan:\/\/([^/]+)\/(.+)$/.exec(roomUri) ?? [];
    const [reply] = await this.xccos(this.chat, [`<cmd id="cmd:join" seqid="1"><data><chanid key="0" domain="${domain}" value="${value}"/></data></cmd>`]);
    if (!reply.includes('<resp code="200"')) throw new Error(`raw client: cmd:join ${roomUri} failed: ${reply}`);
    return reply;
  }

  /** Waits for `count` server INFOs carrying grpchat, answering each 200 (signed) as the product does. */
  async receiveChats(count: number): Promise<void> {
    for (let received = 0; received < count;) {
      const request = await this.serverRequest();
      this.send(okFor(request));
      if (request.body.includes('<grpchat')) received++;
    }
  }

  /** cmd:bccontext for the last `count` messages; resolves with how many `<msg` records came back. */
  async history(roomUri: string, count: number): Promise<number> {
    if (!this.chat) throw new Error('raw client: connectChat() first');
    const [reply] = await this.xccos(this.chat, [`<cmd id="cmd:bccontext" seqid="1"><data><chanib uri="${roomUri}"/><bcq><last cnt="${count}"/></bcq></data></cmd>`]);
    return reply.split('<msg ').length - 1;
  }

  close(): void {
    this.socket.destroy();
  }

  // ---- internals ----

  private async invite(uri: string, alsoPending: string[] = []): Promise<RawDialog> {
    const fromTag = randomBytes(5).toString('hex');
    const callId = randomBytes(8).toString('hex');
    const [ok] = await this.requestAll([this.outOfDialog('INVITE', uri, ['Supported: ms-sender'], SDP, 'application/sdp', { callId, fromTag }), ...alsoPending]);
    if (ok.status !== 200) throw new Error(`raw client: INVITE ${uri} answered ${ok.status}`);
    const dialog: RawDialog = { callId, from: `<${AOR}>;tag=${fromTag};epid=${EPID}`, to: ok.header('To') ?? '', target: uriOfNameAddr(ok.header('Contact') ?? `<${uri}>`), cseq: 1 };
    this.send(this.inDialog(dialog, 'ACK', undefined, 1));
    return dialog;
  }

  /**
   * Sends XCCOS commands together, each in its INFO, after the INFOs `before` (in the same write);
   * resolves with the bodies of the server's reply INFOs to the commands, in order.
   */
  private async xccos(dialog: RawDialog, commands: string[], before: string[] = []): Promise<string[]> {
    const envids = commands.map(() => String(++this.envid));
    const infos = commands.map((command, i) => this.inDialog(dialog, 'INFO', `<xccos ver="1" envid="${envids[i]}" xmlns="urn:parlano:xml:ns:xccos">${command}</xccos>`));
    for (const ok of await this.requestAll([...before, ...infos])) if (ok.status !== 200) throw new Error(`raw client: INFO answered ${ok.status}`);
    const replies = new Map<string, string>();
    while (replies.size < commands.length) {
      const reply = await this.serverRequest();
      this.send(okFor(reply));
      const body = reply.body.toString('utf8');
      const envid = /<commandid [^>]*envid="(\d+)"/.exec(body)?.[1];
      if (envid && envids.includes(envid)) replies.set(envid, body);
    }
    return envids.map((envid) => replies.get(envid)!);
  }

  private outOfDialog(method: string, uri: string, headers: string[], body: string, contentType: string, ids = { callId: randomBytes(8).toString('hex'), fromTag: randomBytes(5).toString('hex') }): string {
    return this.message(method, uri, `<${AOR}>;tag=${ids.fromTag};epid=${EPID}`, `<${uri.split(';')[0]}>`, ids.callId, 1, headers, body, contentType);
  }

  private inDialog(dialog: RawDialog, method: string, body = '', cseq?: number): string {
    if (cseq === undefined) cseq = ++dialog.cseq;
    return this.message(method, dialog.target, dialog.from, dialog.to, dialog.callId, cseq, [], body, body ? 'text/plain' : '');
  }

  private message(method: string, uri: string, from: string, to: string, callId: string, cseq: number, headers: string[], body: string, contentType: string): string {
    const lines = [
      `${method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/TCP 127.0.0.1:${this.socket.localPort};branch=z9hG4bK${randomBytes(8).toString('hex')}`,
      `To: ${to}`, `From: ${from}`, `CSeq: ${cseq} ${method}`, `Call-ID: ${callId}`, 'Max-Forwards: 70', ...headers,
      ...(method === 'INVITE' || method === 'SUBSCRIBE' ? [`Contact: <${this.gruu}>`] : []),
      ...(contentType ? [`Content-Type: ${contentType}`] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
    ];
    return `${lines.join('\r\n')}\r\n\r\n${body}`;
  }

  private send(text: string): void {
    this.socket.write(this.sa ? this.sa.sign(text) : text);
  }

  /** Sends a request and waits for its final response (matched by Call-ID and CSeq): one round trip. */
  private async request(text: string): Promise<RawSipMessage> {
    return (await this.requestAll([text]))[0];
  }

  /** Sends requests together (one round trip) and resolves with their final responses, in order. */
  private async requestAll(texts: string[]): Promise<RawSipMessage[]> {
    const keys = texts.map((text) => { const sent = parseRawMessage(text); return `${sent.header('Call-ID')}\n${sent.header('CSeq')}`; });
    for (const text of texts) this.send(text);
    this.roundTrips++;
    const finals = new Map<string, RawSipMessage>();
    while (finals.size < keys.length) {
      const response = await this.response();
      const key = `${response.header('Call-ID')}\n${response.header('CSeq')}`;
      if ((response.status ?? 0) >= 200 && keys.includes(key)) finals.set(key, response);
    }
    return keys.map((key) => finals.get(key)!);
  }

  private response(): Promise<RawSipMessage> {
    return this.take(this.responses);
  }

  private serverRequest(): Promise<RawSipMessage> {
    return this.take(this.requests);
  }

  private async take(queue: RawSipMessage[]): Promise<RawSipMessage> {
    for (;;) {
      const message = queue.shift();
      if (message) return message;
      if (this.closed) throw this.closed;
      await new Promise<void>((resolve) => { this.wake = resolve; });
    }
  }

  private received(message: RawSipMessage): void {
    if (this.sa) this.verify(message);
    (message.isRequest ? this.requests : this.responses).push(message);
    this.wakeUp();
  }

  private verify(message: RawSipMessage): void {
    if (this.sa?.verify(message) === 'invalid') this.fail(new Error(`raw client: bad server signature on ${message.startLine}`));
  }

  private fail(error: Error): void {
    this.closed ??= error;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** A 200 OK for a request the server sent. */
function okFor(request: RawSipMessage): string {
  const copy = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].flatMap((name) => request.headerAll(name).map((value) => `${name}: ${value}`));
  return `SIP/2.0 200 OK\r\n${copy.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`;
}
