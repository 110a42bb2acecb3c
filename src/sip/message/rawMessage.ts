/**
 * A raw view of one SIP message: start line, headers exactly as written, body bytes.
 * MS-SIPAE signs header values as they appear on the wire, while sip.js normalises them, so the
 * signing code reads messages through this view.
 */
import { LyncError } from '../../common/errors';
import { canonicalHeaderName, sameHeaderName } from './headerNames';

export { canonicalHeaderName, sameHeaderName } from './headerNames';
export { headerParam, uriOfNameAddr, unquote } from './headerValues';

export interface SipHeader { name: string; value: string }

export interface RawSipMessage {
  readonly startLine: string;
  readonly isRequest: boolean;
  readonly method?: string;
  readonly requestUri?: string;
  readonly status?: number;
  readonly reason?: string;
  /** In order, names as written. Folded (continuation) lines are joined with one space. */
  readonly headers: readonly SipHeader[];
  readonly body: Buffer;
  /** First value, case-insensitive; compact forms i f t m l c v k s e understood. */
  header(name: string): string | undefined;
  /** Every header line of that name, as written (comma-separated values are NOT split). */
  headerAll(name: string): string[];
  /** The whole message as text, exactly as received (headers + CRLF CRLF + body decoded as utf8). */
  readonly text: string;
}

const CRLF2 = Buffer.from('\r\n\r\n');
const LF2 = Buffer.from('\n\n');
const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;
const REQUEST_LINE = /^([A-Za-z0-9.!%*_+`'~-]+) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/;

export function parseRawMessage(bytes: Buffer | string): RawSipMessage {
  let text: string;
  let headEnd: number;
  let body: Buffer | (() => Buffer);
  let blankLine = true;
  if (typeof bytes === 'string') {
    let end = bytes.indexOf('\r\n\r\n');
    let sepLength = 4;
    if (end < 0) {
      end = bytes.indexOf('\n\n');
      sepLength = 2;
    }
    blankLine = end >= 0;
    headEnd = end < 0 ? bytes.length : end;
    text = bytes;
    // the body as bytes only if someone asks (the signing path never does)
    body = end < 0 ? EMPTY : () => Buffer.from(bytes.slice(end + sepLength), 'utf8');
  } else {
    let end = bytes.indexOf(CRLF2);
    let sepLength = 4;
    if (end < 0) {
      end = bytes.indexOf(LF2);
      sepLength = 2;
    }
    blankLine = end >= 0;
    body = end < 0 ? EMPTY : bytes.subarray(end + sepLength);
    text = bytes.toString('utf8');
    // the head is where the text's own blank line is (a multi-byte character in it moves the byte index)
    const textEnd = end < 0 ? -1 : sepLength === 4 ? text.indexOf('\r\n\r\n') : text.indexOf('\n\n');
    headEnd = textEnd < 0 ? text.length : textEnd;
  }
  const lines = text.slice(0, headEnd).split(LINE_BREAK);
  const startLine = lines[0] ?? '';
  const headers = parseHeaderLines(lines);

  const request = REQUEST_LINE.exec(startLine);
  const status = request ? null : STATUS_LINE.exec(startLine);
  if (!request && !status) throw new LyncError('ProtocolError', `Malformed SIP start line: ${startLine.slice(0, 80)}`);
  // as received; a message without the blank line gets one
  if (!blankLine) text = `${text.replace(/\r?\n$/, '')}\r\n\r\n`;
  return new ParsedRawMessage(startLine, request, status, headers, body, text);
}

const EMPTY = Buffer.alloc(0);
const LINE_BREAK = /\r?\n/;

/** A header as written, with its canonical (lower-case, long-form) name computed once. */
interface KeyedHeader extends SipHeader { key: string }

class ParsedRawMessage implements RawSipMessage {
  readonly isRequest: boolean;
  readonly method?: string;
  readonly requestUri?: string;
  readonly status?: number;
  readonly reason?: string;
  private bodyBytes: Buffer | (() => Buffer);

  constructor(readonly startLine: string, request: RegExpExecArray | null, status: RegExpExecArray | null,
    readonly headers: readonly KeyedHeader[], body: Buffer | (() => Buffer), readonly text: string) {
    this.isRequest = request !== null;
    this.method = request?.[1];
    this.requestUri = request?.[2];
    this.status = status ? Number(status[1]) : undefined;
    this.reason = status ? (status[2] ?? '') : undefined;
    this.bodyBytes = body;
  }

  get body(): Buffer {
    if (typeof this.bodyBytes === 'function') this.bodyBytes = this.bodyBytes();
    return this.bodyBytes;
  }

  header(name: string): string | undefined {
    const wanted = canonicalHeaderName(name);
    for (const h of this.headers) if (h.key === wanted) return h.value;
    return undefined;
  }

  headerAll(name: string): string[] {
    const wanted = canonicalHeaderName(name);
    const values: string[] = [];
    for (const h of this.headers) if (h.key === wanted) values.push(h.value);
    return values;
  }
}

/** The header lines after the start line (`lines[0]`). */
function parseHeaderLines(lines: string[]): KeyedHeader[] {
  const headers: KeyedHeader[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.length === 0) continue;
    if (line[0] === ' ' || line[0] === '\t') {
      // RFC 3261 §7.3.1 line folding: continuation of the previous header value
      const last = headers[headers.length - 1];
      if (!last) throw new LyncError('ProtocolError', 'Malformed SIP header: continuation line without a header');
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) throw new LyncError('ProtocolError', `Malformed SIP header line: ${line.slice(0, 40)}`);
    headers.push({ name, value: line.slice(colon + 1).trim(), key: canonicalHeaderName(name) });
  }
  return headers;
}

interface HeaderBlock { head: string; sep: string; eol: string; rest: string }

function splitHeaderBlock(messageText: string): HeaderBlock {
  let end = messageText.indexOf('\r\n\r\n');
  if (end >= 0) return { head: messageText.slice(0, end), sep: '\r\n\r\n', eol: '\r\n', rest: messageText.slice(end + 4) };
  end = messageText.indexOf('\n\n');
  if (end >= 0) return { head: messageText.slice(0, end), sep: '\n\n', eol: '\n', rest: messageText.slice(end + 2) };
  // headers only, no blank line yet
  const trimmed = messageText.replace(/\r?\n$/, '');
  return { head: trimmed, sep: '\r\n\r\n', eol: '\r\n', rest: '' };
}

/** Adds `headerLine` ("Name: value") as the last header, before the blank line. Body untouched. */
export function insertHeader(messageText: string, headerLine: string): string {
  const { head, sep, eol, rest } = splitHeaderBlock(messageText);
  return head + eol + headerLine + sep + rest;
}

/** Removes every header of that name (case-insensitive, compact form too), with its folded lines. */
export function removeHeaders(messageText: string, name: string): string {
  const { head, sep, eol, rest } = splitHeaderBlock(messageText);
  const lines = head.split(/\r?\n/);
  const kept: string[] = [lines[0] ?? ''];
  let dropping = false;
  for (const line of lines.slice(1)) {
    if (line.length > 0 && (line[0] === ' ' || line[0] === '\t')) {
      if (!dropping) kept.push(line);
      continue;
    }
    const colon = line.indexOf(':');
    dropping = colon > 0 && sameHeaderName(line.slice(0, colon), name);
    if (!dropping) kept.push(line);
  }
  return kept.join(eol) + sep + rest;
}
