/**
 * Test helpers for the chat layer: a fake SimSession that captures what the service sends, a
 * client that writes requests the way pidgin-sipe does (docs/protocol/xccos.md#connect-flow, the capture), a manual
 * clock, and a small test catalogue.
 */
import { createLogger, Logger } from '../../src/common/logger';
import { RawSipMessage, parseRawMessage } from '../../src/sip/message/rawMessage';
import { XmlElement, parseXml } from '../../src/common/xml';
import type { SimChatConfig, SimFaults, SimSession } from '../types';
import { Catalogue, validateCatalogue } from './catalogue';
import { ChatService, ChatServiceOptions } from './chatService';
import { createChatService } from './index';
import type { TimerHost } from './timers';

export const CHAT_SERVER_URI = 'sip:chatsrv.pool0@contoso.com';

export function testConfig(overrides: Partial<SimChatConfig> = {}): SimChatConfig {
  return {
    domain: 'contoso.com',
    lookupUris: ['sip:ocschat@contoso.com', 'sip:PersistentChatPool1@contoso.com'],
    chatServerUri: CHAT_SERVER_URI,
    sessionExpiresSec: 600,
    ...overrides,
  };
}

export const ROOM = {
  release: 'ma-chan://contoso.com/b8e09fad-f018-4eb5-8967-5b9c819093f7',
  incident: 'ma-chan://contoso.com/f5942c06-a3f7-4983-903c-9968d5dc522a',
  coffee: 'ma-chan://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad',
  secret: 'ma-chan://contoso.com/1629abd0-4468-4575-bba5-d924d02dfcfc',
};

/** A small catalogue: an open room with history, a closed one, a quiet open one, a secret one. */
export function testCatalogue(): Catalogue {
  const history = Array.from({ length: 30 }, (_, i) => ({
    author: i % 2 ? 'sip:bob@contoso.com' : 'sip:carol@contoso.com',
    ts: `2026-11-20T10:${String(i).padStart(2, '0')}:00Z`,
    text: `history ${i + 1}`,
  }));
  return validateCatalogue({
    rootUri: 'ma-cat://contoso.com/0f99ae28-527c-49a9-8cc8-4a489423f66c',
    categories: [{ id: 'eng', uri: 'ma-cat://contoso.com/5c1e8d0a-3b7f-4e21-9a64-2f0d7b8c91a3', name: 'Engineering' }],
    rooms: [
      { uri: ROOM.release, name: 'Release Train', description: 'Release coordination', category: 'eng', privacy: 'open', invitations: true, filePost: true, members: ['sip:alice@contoso.com'], managers: ['sip:bob@contoso.com'], history },
      { uri: ROOM.incident, name: 'Incident Bridge', description: 'On-call only', category: 'eng', privacy: 'closed', invitations: true, members: ['sip:dave@contoso.com'], managers: ['sip:bob@contoso.com'] },
      { uri: ROOM.coffee, name: 'Coffee Corner', description: 'Cake & chat', category: 'eng', privacy: 'open', invitations: false },
      { uri: ROOM.secret, name: 'Project Falcon', description: 'Need to know', category: 'eng', privacy: 'secret', members: ['sip:carol@contoso.com'], managers: ['sip:bob@contoso.com'] },
    ],
    invitations: [
      { id: 1, user: 'sip:alice@contoso.com', room: ROOM.release, inviter: 'sip:bob@contoso.com', createdOn: '2026-11-24T08:30:00Z' },
      { id: 2, user: 'sip:dave@contoso.com', room: ROOM.incident, inviter: 'sip:bob@contoso.com', createdOn: '2026-11-24T09:00:00Z' },
    ],
  }, 'test catalogue');
}

export interface Harness {
  service: ChatService;
  faults: SimFaults;
  logLines: string[];
  log: Logger;
}

export function createHarness(config: Partial<SimChatConfig> = {}, options: Partial<ChatServiceOptions> = {}): Harness {
  const logLines: string[] = [];
  const log = createLogger((level, line) => logLines.push(`${level} ${line}`));
  const faults: SimFaults = { stallMs: 0 };
  const service = createChatService(testConfig(config), faults, log, { catalogue: testCatalogue(), ...options });
  return { service, faults, logLines, log };
}

/** Stands in for the SIP layer's connection: records every text the chat layer sends. */
export class FakeSession implements SimSession {
  readonly sent: string[] = [];
  open = true;
  constructor(readonly connectionId: number, readonly userUri: string, readonly contact: string | undefined = undefined) {}

  send(messageText: string): void {
    this.sent.push(messageText);
  }

  respond(request: RawSipMessage, status: number, reason: string, options: { headers?: string[]; body?: string; contentType?: string; toTag?: string } = {}): void {
    const to = request.header('To') ?? '';
    const body = options.body ?? '';
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      ...request.headerAll('Via').map((v) => `Via: ${v}`),
      `From: ${request.header('From') ?? ''}`,
      `To: ${/;\s*tag=/i.test(to) ? to : `${to};tag=${options.toTag ?? 'SIMTAG'}`}`,
      `Call-ID: ${request.header('Call-ID') ?? ''}`,
      `CSeq: ${request.header('CSeq') ?? ''}`,
      ...(options.headers ?? []),
      ...(body ? [`Content-Type: ${options.contentType ?? 'text/plain'}`] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
    ];
    this.sent.push(`${lines.join('\r\n')}\r\n\r\n${body}`);
  }
}

let callCounter = 0;

/** A client that speaks like pidgin-sipe (capture: test user alice, TCP). */
export class SipeClient {
  readonly session: FakeSession;
  readonly callId = `EBAAgEF56aDE0Bi8E94m5756tC833b28C8x${(++callCounter).toString().padStart(5, '0')}`;
  readonly fromTag = String(3902759332 + callCounter);
  toTag = '';
  remoteTarget = '';
  cseq = 1;
  envid = 1207867442;
  private cursor = 0;

  constructor(readonly service: ChatService, readonly user = 'alice', connectionId = 1, readonly transport: 'tcp' | 'TLS' = 'tcp', session?: FakeSession) {
    this.session = session ?? new FakeSession(connectionId, `sip:${user}@contoso.com`);
  }

  private head(method: string, uri: string, cseq: number, extra: string[] = []): string[] {
    return [
      `${method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/${this.transport} 127.0.0.1:36922${method === 'INVITE' || method === 'ACK' ? '' : `;branch=z9hG4bK${this.callId.slice(-5)}${cseq}`}`,
      `From: <sip:${this.user}@contoso.com>;tag=${this.fromTag};epid=c97532c1946f`,
      `To: <${this.toTarget}>${this.toTag ? `;tag=${this.toTag}` : ''}`,
      'Max-Forwards: 70',
      `CSeq: ${cseq} ${method}`,
      'User-Agent: Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)',
      `Call-ID: ${this.callId}`,
      ...extra,
    ];
  }

  private toTarget = '';

  /** Sends a request text and returns the response the service gave (if any). */
  deliver(text: string): RawSipMessage | undefined {
    const request = parseRawMessage(text);
    const start = this.session.sent.length;
    const taken = this.service.handleRequest(this.session, request);
    if (!taken) return undefined;
    const cseq = request.header('CSeq');
    return this.session.sent.slice(start).map((t) => parseRawMessage(t)).find((m) => !m.isRequest && m.header('CSeq') === cseq);
  }

  invite(target = 'sip:ocschat@contoso.com', sdp = true): RawSipMessage | undefined {
    this.toTarget = target;
    const body = sdp
      ? 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=session\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=message 59745 sip null\r\na=accept-types:text/plain text/html image/gif application/im-iscomposing+xml application/ms-imdn+xml text/x-msmsgsinvite\r\n'
      : '';
    const lines = this.head('INVITE', target, 1, [
      'Supported: ms-sender',
      `Contact: <sip:${this.user}@contoso.com;opaque=user:epid:5ccdb10d-dca1-559e-ad2b-b514060a2da2;gruu>`,
      ...(sdp ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
    ]);
    const response = this.deliver(`${lines.join('\r\n')}\r\n\r\n${body}`);
    if (response?.status === 200) {
      this.toTag = /;tag=([^;]+)/.exec(response.header('To') ?? '')?.[1] ?? '';
      this.remoteTarget = /<([^>]+)>/.exec(response.header('Contact') ?? '')?.[1] ?? target;
      this.deliver(`${this.head('ACK', this.remoteTarget, 1, ['Content-Length: 0']).join('\r\n')}\r\n\r\n`);
    }
    return response;
  }

  /** An in-dialog request (CSeq counting up) with an optional text/plain body. */
  request(method: string, body = '', extra: string[] = []): RawSipMessage | undefined {
    const lines = this.head(method, this.remoteTarget, ++this.cseq, [
      ...extra,
      ...(body ? ['Content-Type: text/plain'] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
    ]);
    return this.deliver(`${lines.join('\r\n')}\r\n\r\n${body}`);
  }

  /** An INFO carrying `inner` in a sipe-style envelope (no declaration, no whitespace). */
  xccos(inner: string): RawSipMessage | undefined {
    return this.request('INFO', `<xccos ver="1" envid="${++this.envid}" xmlns="urn:parlano:xml:ns:xccos">${inner}</xccos>`);
  }

  cmd(id: string, data = '<data/>'): RawSipMessage | undefined {
    return this.xccos(`<cmd id="${id}" seqid="1">${data}</cmd>`);
  }

  /** Everything sent to this client since the last call, parsed. */
  take(): RawSipMessage[] {
    const fresh = this.session.sent.slice(this.cursor);
    this.cursor = this.session.sent.length;
    return fresh.map((t) => parseRawMessage(t));
  }

  /** The XCCOS envelopes of the server INFO requests since the last take(). */
  envelopes(): XmlElement[] {
    return this.take().filter((m) => m.isRequest && m.method === 'INFO').map((m) => parseXml(m.body.toString('utf8')));
  }

  /** The top-level XCCOS elements (rpl, ntc, grpchat) the server sent since the last take(). */
  items(): XmlElement[] {
    return this.envelopes().flatMap((e) => e.children);
  }

  /** Answers a request the server sent (the client side of handleResponse). */
  answer(request: RawSipMessage, status: number, reason: string): boolean {
    const response = [
      `SIP/2.0 ${status} ${reason}`,
      ...request.headerAll('Via').map((v) => `Via: ${v}`),
      `From: ${request.header('From')}`,
      `To: ${request.header('To')}`,
      `Call-ID: ${request.header('Call-ID')}`,
      `CSeq: ${request.header('CSeq')}`,
      'Content-Length: 0',
    ].join('\r\n');
    return this.service.handleResponse(this.session, parseRawMessage(`${response}\r\n\r\n`));
  }
}

/** Connects a client to the chat server (lookup skipped) and clears what it received. */
export function connectChat(service: ChatService, user: string, connectionId: number): SipeClient {
  const client = new SipeClient(service, user, connectionId);
  const response = client.invite(CHAT_SERVER_URI);
  if (response?.status !== 200) throw new Error(`chat INVITE for ${user} got ${response?.status}`);
  client.take();
  return client;
}

export function resp(element: XmlElement): { code: string; text: string } {
  const r = element.children.find((c) => c.name === 'resp');
  return { code: r?.attrs.code ?? '', text: r?.text ?? '' };
}

export function data(element: XmlElement): XmlElement | undefined {
  return element.children.find((c) => c.name === 'data');
}

export function all(element: XmlElement | undefined, name: string): XmlElement[] {
  if (!element) return [];
  return element.children.flatMap((c) => (c.name === name ? [c, ...all(c, name)] : all(c, name)));
}

/** A manual clock for the chat layer's timers: nothing fires until advance(). */
export class ManualTimers implements TimerHost {
  private now = 0;
  private nextHandle = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.pending.set(handle, { at: this.now + ms, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get count(): number {
    return this.pending.size;
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

/** Polls `predicate` every 10 ms until it holds or `limitMs` passes (then throws). */
export async function waitFor(predicate: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 10));
  }
}
