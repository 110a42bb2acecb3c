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
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  let end = buf.indexOf(CRLF2);
  let sepLength = 4;
  if (end < 0) {
    end = buf.indexOf(LF2);
    sepLength = 2;
  }
  const headEnd = end < 0 ? buf.length : end;
  const body = end < 0 ? Buffer.alloc(0) : buf.subarray(end + sepLength);
  const lines = buf.subarray(0, headEnd).toString('utf8').split(/\r?\n/);
  const startLine = lines[0] ?? '';
  const headers = parseHeaderLines(lines.slice(1));

  const request = REQUEST_LINE.exec(startLine);
  const status = request ? null : STATUS_LINE.exec(startLine);
  if (!request && !status) throw new LyncError('ProtocolError', `Malformed SIP start line: ${startLine.slice(0, 80)}`);

  const headerAll = (name: string): string[] =>
    headers.filter((h) => sameHeaderName(h.name, name)).map((h) => h.value);
  // as received; a message without the blank line gets one
  const text = end < 0 ? `${buf.toString('utf8').replace(/\r?\n$/, '')}\r\n\r\n` : buf.toString('utf8');

  return {
    startLine,
    isRequest: request !== null,
    method: request?.[1],
    requestUri: request?.[2],
    status: status ? Number(status[1]) : undefined,
    reason: status ? (status[2] ?? '') : undefined,
    headers,
    body,
    header: (name) => {
      const wanted = canonicalHeaderName(name);
      return headers.find((h) => canonicalHeaderName(h.name) === wanted)?.value;
    },
    headerAll,
    text,
  };
}

function parseHeaderLines(lines: string[]): SipHeader[] {
  const headers: SipHeader[] = [];
  for (const line of lines) {
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
    headers.push({ name, value: line.slice(colon + 1).trim() });
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
