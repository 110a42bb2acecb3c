/**
 * The few SIP text operations the chat layer needs on top of RawSipMessage and its header helpers:
 * comparing addresses, building in-dialog requests, the SDP answer.
 */
import { randomBytes } from 'node:crypto';
import { RawSipMessage, headerParam, uriOfNameAddr as uriOf } from '../../src/sip/message/rawMessage';

export { headerParam, uriOf };

/** First value of a header (compact forms understood by RawSipMessage), trimmed. */
export function hdr(message: RawSipMessage, name: string): string | undefined {
  return message.header(name)?.trim();
}

/** `sip:user@host` in lower case, without parameters or port, for comparing addresses. */
export function aor(uri: string): string {
  const bare = uriOf(uri).split(';')[0].split('?')[0];
  const withScheme = /^sips?:/i.test(bare) ? bare : `sip:${bare}`;
  return withScheme.replace(/^sips:/i, 'sip:').replace(/:\d+$/, '').toLowerCase();
}

/** Transport token of the top Via (`SIP/2.0/TLS host` → TLS), TLS when absent or unknown. */
export function transportOf(message: RawSipMessage): 'TLS' | 'TCP' {
  const via = hdr(message, 'Via') ?? '';
  return /^SIP\/2\.0\/TCP\b/i.test(via) ? 'TCP' : 'TLS';
}

export function cseqOf(message: RawSipMessage): { num: number; method: string } {
  const [num, method] = (hdr(message, 'CSeq') ?? '').split(/\s+/);
  return { num: Number.parseInt(num, 10), method: (method ?? '').toUpperCase() };
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex').toUpperCase();
}

/** This process's branch prefix; each request adds a count, so branches never repeat (RFC 3261 §8.1.1.7) and cost no entropy per message. */
const BRANCH_PREFIX = randomHex(6);
let branches = 0;

/** A fresh Via branch: `z9hG4bK` + a random per-process prefix + a counter. */
export function newBranch(): string {
  return `z9hG4bK${BRANCH_PREFIX}${(++branches).toString(16).toUpperCase()}`;
}

export interface OutgoingRequest {
  method: string;
  requestUri: string;
  transport: 'TLS' | 'TCP';
  viaHost: string;
  from: string;          // full header value, with tag
  to: string;            // full header value, with tag
  callId: string;
  cseq: number;
  headers?: string[];
  contentType?: string;
  body?: string;
}

/** Text of a request the chat server sends; the SIP layer signs it and may add Content-Length. */
export function buildRequest(r: OutgoingRequest): string {
  const body = r.body ?? '';
  const lines = [
    `${r.method} ${r.requestUri} SIP/2.0`,
    `Via: SIP/2.0/${r.transport} ${r.viaHost};branch=${newBranch()}`,
    'Max-Forwards: 70',
    `From: ${r.from}`,
    `To: ${r.to}`,
    `Call-ID: ${r.callId}`,
    `CSeq: ${r.cseq} ${r.method}`,
    ...(r.headers ?? []),
  ];
  if (body) lines.push(`Content-Type: ${r.contentType ?? 'text/plain'}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body, 'utf8')}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The SDP answer of the chat services (the same shape sipe offers: an m=message line, no media). */
export function sdpAnswer(transport: 'TLS' | 'TCP'): string {
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=session',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=message ${transport === 'TLS' ? 5061 : 5060} sip null`,
    'a=accept-types:text/plain multipart/alternative image/gif text/rtf text/html application/x-ms-ink application/ms-imdn+xml text/x-msmsgsinvite',
    '',
  ].join('\r\n');
}
