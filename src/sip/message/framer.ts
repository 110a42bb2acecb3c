/**
 * Cuts a TCP/TLS byte stream into SIP messages (RFC 3261 §18.3: Content-Length, in bytes, is
 * mandatory on stream transports) and reports RFC 5626 keep-alives between messages.
 * Written by hand because sip.js' framing works on strings (character, not byte, lengths).
 */
import { LyncError } from '../../common/errors';
import { canonicalHeaderName } from './headerNames';

export interface FramerOptions {
  /** Largest whole message (headers + body). Default 1 MiB. The header block alone is limited to 64 KiB. */
  maxMessageBytes?: number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
export const MAX_HEADER_BLOCK_BYTES = 64 * 1024;
const CR = 0x0d;
const LF = 0x0a;
const HEADER_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
/** How many leading bytes are checked for a plausible start line before the header block is complete. */
const START_CHECK_BYTES = 32;
const START_LINE = /^(?:SIP\/2\.0 [1-6]\d\d(?: .*)?|[A-Za-z0-9.!%*_+`'~-]+ \S+ SIP\/2\.0)$/;

export class SipFramer {
  private readonly maxMessageBytes: number;
  /** Unconsumed chunks of the current message; joined once per message (no O(n²) concatenation). */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Length of the header block incl. CRLFCRLF once found; -1 while still looking. */
  private headerLength = -1;
  private bodyLength = 0;
  /** The last (up to 3) buffered bytes, so a CRLFCRLF split across chunks is found. */
  private tail: Buffer = EMPTY;
  /** CRLF pairs seen since the last message (keep-alive detection). */
  private pendingCrlf = 0;
  private pendingCr = false;

  constructor(
    private readonly onMessage: (message: Buffer) => void,
    private readonly onKeepAlive?: (kind: 'ping' | 'pong') => void,
    options: FramerOptions = {},
  ) {
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  reset(): void {
    this.startOver();
    this.pendingCrlf = 0;
    this.pendingCr = false;
  }

  push(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0) {
      if (this.buffered === 0) {
        data = this.skipKeepAlives(data);
        if (data.length === 0) return;
      }
      if (this.headerLength < 0) {
        const before = this.buffered;
        this.chunks.push(data);
        this.buffered += data.length;
        const pushed = data;
        data = EMPTY;
        if (this.scanForHeaderEnd(pushed, before)) {
          const total = this.headerLength + this.bodyLength;
          if (this.buffered > total) data = this.giveBack(this.buffered - total);
        }
      } else {
        const take = Math.min(this.headerLength + this.bodyLength - this.buffered, data.length);
        this.chunks.push(take === data.length ? data : data.subarray(0, take));
        this.buffered += take;
        data = data.subarray(take);
      }
      if (this.headerLength >= 0 && this.buffered === this.headerLength + this.bodyLength) this.emit();
    }
  }

  /** Consumes CR/LF bytes before a message start; `\r\n\r\n` → ping, a lone `\r\n` → pong. */
  private skipKeepAlives(data: Buffer): Buffer {
    let i = 0;
    for (; i < data.length; i++) {
      const byte = data[i];
      if (this.pendingCr) {
        if (byte !== LF) throw new LyncError('ProtocolError', 'Garbage between SIP messages (CR without LF)');
        this.pendingCr = false;
        if (++this.pendingCrlf === 2) {
          this.pendingCrlf = 0;
          this.onKeepAlive?.('ping');
        }
      } else if (byte === CR) {
        this.pendingCr = true;
      } else if (byte !== LF) {
        break; // a bare LF is tolerated as padding
      }
    }
    if (i < data.length) {
      if (this.pendingCr) throw new LyncError('ProtocolError', 'Garbage between SIP messages (CR without LF)');
      if (this.pendingCrlf > 0) {
        // a lone CRLF followed by a message start
        this.pendingCrlf = 0;
        this.onKeepAlive?.('pong');
      }
    }
    return data.subarray(i);
  }

  /** Looks for CRLFCRLF in the newly buffered bytes (plus the 3 before them); sets headerLength/bodyLength when found. */
  private scanForHeaderEnd(pushed: Buffer, before: number): boolean {
    let end = -1;
    if (this.tail.length > 0) {
      const at = Buffer.concat([this.tail, pushed.subarray(0, 3)]).indexOf(HEADER_END);
      if (at >= 0) end = before - this.tail.length + at;
    }
    if (end < 0) {
      const at = pushed.indexOf(HEADER_END);
      if (at >= 0) end = before + at;
    }
    if (before < START_CHECK_BYTES) checkStart(this.peek(START_CHECK_BYTES));
    if (end < 0) {
      if (this.buffered > MAX_HEADER_BLOCK_BYTES) throw new LyncError('ProtocolError', `SIP header block exceeds ${MAX_HEADER_BLOCK_BYTES} bytes`);
      this.tail = Buffer.from(pushed.length >= 3 ? pushed.subarray(-3) : Buffer.concat([this.tail, pushed]).subarray(-3));
      return false;
    }
    this.tail = EMPTY;
    if (end + 4 > MAX_HEADER_BLOCK_BYTES) throw new LyncError('ProtocolError', `SIP header block exceeds ${MAX_HEADER_BLOCK_BYTES} bytes`);
    const head = this.joinBuffered().subarray(0, end);
    checkStartLine(head);
    this.headerLength = end + 4;
    this.bodyLength = contentLength(head);
    if (this.headerLength + this.bodyLength > this.maxMessageBytes) {
      throw new LyncError('ProtocolError', `SIP message of ${this.headerLength + this.bodyLength} bytes exceeds ${this.maxMessageBytes}`);
    }
    return true;
  }

  /** At most the first `count` buffered bytes. */
  private peek(count: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= Math.min(count, this.buffered)) return first.subarray(0, count);
    return Buffer.concat(this.chunks, this.buffered).subarray(0, count);
  }

  private joinBuffered(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0] ?? EMPTY;
  }

  /** Removes the last `count` buffered bytes and returns them. */
  private giveBack(count: number): Buffer {
    const joined = this.joinBuffered();
    const keep = joined.length - count;
    this.chunks = [joined.subarray(0, keep)];
    this.buffered = keep;
    return joined.subarray(keep);
  }

  private emit(): void {
    const message = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
    this.startOver();
    this.onMessage(message);
  }

  private startOver(): void {
    this.chunks = [];
    this.buffered = 0;
    this.headerLength = -1;
    this.bodyLength = 0;
    this.tail = EMPTY;
  }
}

/** The first bytes must look like a SIP start line: a token then a space (`SIP/2.0 ` or `METHOD `). */
function checkStart(start: Buffer): void {
  for (let i = 0; i < start.length; i++) {
    const byte = start[i] as number;
    if (byte === 0x20 && i > 0) return;
    if (!isTokenByte(byte)) throw new LyncError('ProtocolError', 'Garbage received instead of a SIP message');
  }
  if (start.length >= START_CHECK_BYTES) throw new LyncError('ProtocolError', 'Garbage received instead of a SIP message');
}

function checkStartLine(head: Buffer): void {
  const eol = head.indexOf('\r\n');
  const line = head.subarray(0, eol < 0 ? head.length : eol).toString('utf8');
  if (!START_LINE.test(line)) throw new LyncError('ProtocolError', `Malformed SIP start line: ${line.slice(0, 80)}`);
}

function isTokenByte(byte: number): boolean {
  // RFC 3261 token characters plus '/' (for "SIP/2.0")
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) ||
    '-.!%*_+`\'~/'.includes(String.fromCharCode(byte));
}

/** Content-Length (or compact `l`) from a header block; throws when absent, conflicting or not a number. */
function contentLength(head: Buffer): number {
  const lines = head.toString('latin1').split('\r\n');
  let found: number | undefined;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || canonicalHeaderName(line.slice(0, colon)) !== 'content-length') continue;
    const text = line.slice(colon + 1).trim();
    if (!/^\d{1,10}$/.test(text)) throw new LyncError('ProtocolError', `Invalid Content-Length: ${text.slice(0, 20)}`);
    const value = Number(text);
    if (found !== undefined && found !== value) throw new LyncError('ProtocolError', 'Conflicting Content-Length headers');
    found = value;
  }
  if (found === undefined) throw new LyncError('ProtocolError', 'SIP message without Content-Length on a stream transport');
  return found;
}
