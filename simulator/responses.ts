/**
 * Building SIP responses and finishing outgoing message text the way a Lync front end does:
 * Via/From/To/Call-ID/CSeq copied from the request (To gets our tag), the top Via marked with
 * ms-received-port/ms-received-cid, `Server: RTC/5.0`, and a Content-Length counted in bytes.
 */
import { randomBytes } from 'node:crypto';
import { headerParam, insertHeader, RawSipMessage, removeHeaders } from '../src/sip/message/rawMessage';

export const SERVER_HEADER = 'Server: RTC/5.0';

export interface ResponseOptions {
  headers?: string[];
  body?: string;
  contentType?: string;
  /** Our To tag when the request's To has none (default: a fresh 32-hex tag like Lync's). */
  toTag?: string;
  /** Where the client connection comes from, for ms-received-* on the top Via. */
  received?: { port: number; cid: number };
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK', 202: 'Accepted', 301: 'Moved Permanently', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 480: 'Temporarily Unavailable', 481: 'Call Leg/Transaction Does Not Exist',
  489: 'Bad Event', 500: 'Server Internal Error', 501: 'Not Implemented', 503: 'Service Unavailable', 504: 'Server Time-out',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Unknown';
}

/** 32 upper-case hex digits, the shape of Lync's To tags. */
export function lyncTag(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** 8 upper-case hex digits (opaque, srand-like ids). */
export function hex8(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

export function buildResponse(request: RawSipMessage, status: number, reason: string | undefined, options: ResponseOptions = {}): string {
  const lines = [`SIP/2.0 ${status} ${reason ?? reasonPhrase(status)}`];
  request.headerAll('Via').forEach((via, index) => {
    lines.push(`Via: ${index === 0 && options.received ? markVia(via, options.received) : via}`);
  });
  const from = request.header('From');
  if (from !== undefined) lines.push(`From: ${from}`);
  const to = request.header('To');
  if (to !== undefined) {
    const hasTag = headerParam(to, 'tag') !== undefined;
    // RFC 3261 §8.2.6.2: a To tag on every response except 100; sipe signs it into the buffer
    lines.push(`To: ${hasTag || status === 100 ? to : `${to};tag=${options.toTag ?? lyncTag()}`}`);
  }
  const callId = request.header('Call-ID');
  if (callId !== undefined) lines.push(`Call-ID: ${callId}`);
  const cseq = request.header('CSeq');
  if (cseq !== undefined) lines.push(`CSeq: ${cseq}`);
  // RFC 3261 §12.1.1: a response that can establish a dialog carries the request's Record-Route (a proxy's, e.g. the Access Edge's)
  if (status > 100 && status < 300) for (const route of request.headerAll('Record-Route')) lines.push(`Record-Route: ${route}`);
  for (const header of options.headers ?? []) lines.push(header);
  if (!(options.headers ?? []).some((h) => /^server\s*:/i.test(h))) lines.push(SERVER_HEADER);
  const body = options.body ?? '';
  if (body.length > 0 && options.contentType) lines.push(`Content-Type: ${options.contentType}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body, 'utf8')}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Lync marks the Via it received on with the client's port and its connection id. */
function markVia(via: string, received: { port: number; cid: number }): string {
  if (/;\s*ms-received-port=/i.test(via)) return via;
  return `${via};ms-received-port=${received.port};ms-received-cid=${received.cid.toString(16).toUpperCase()}`;
}

/** Sets Content-Length to the body's byte length (adding it when missing). */
export function withContentLength(text: string): string {
  let head: string;
  let body: string;
  const end = text.indexOf('\r\n\r\n');
  if (end >= 0) {
    head = text.slice(0, end);
    body = text.slice(end + 4);
    // Every message the pool builds already ends its header block with the right Content-Length: keep it as it is (the same text the rewrite below would give).
    if (endsWithOnlyContentLength(head, body)) return text;
  } else {
    head = text.replace(/(\r\n)+$/, '');
    body = '';
  }
  const stripped = removeHeaders(`${head}\r\n\r\n${body}`, 'Content-Length');
  return insertHeader(stripped, `Content-Length: ${Buffer.byteLength(body, 'utf8')}`);
}

/** Any line naming Content-Length (long or compact form), or a bare LF the rewrite would turn into CRLF. */
const CONTENT_LENGTH_OR_BARE_LF = /(?:^|\n)[ \t]*(?:content-length|l)[ \t]*:|(?:^|[^\r])\n/i;

/** True when `head`'s last line is `Content-Length: <bytes of body>`, no other line names it, and every line ends in CRLF. */
function endsWithOnlyContentLength(head: string, body: string): boolean {
  const line = `\r\nContent-Length: ${Buffer.byteLength(body, 'utf8')}`;
  return head.endsWith(line) && !CONTENT_LENGTH_OR_BARE_LF.test(head.slice(0, head.length - line.length));
}

/** ms-diagnostics with the pool as source, unless the caller named one. */
export function diagnosticsHeader(diagnostics: string, fqdn: string): string {
  return `ms-diagnostics: ${/;\s*source=/i.test(diagnostics) ? diagnostics : `${diagnostics};source="${fqdn}"`}`;
}
