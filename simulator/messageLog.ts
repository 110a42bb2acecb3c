/**
 * Every SIP message the pool receives or sends, redacted (Authorization values, NTLM blobs,
 * passwords never stored), kept in memory for tests, appended to a file and echoed with --verbose.
 */
import { appendFileSync } from 'node:fs';
import { Emitter, Event } from '../src/common/events';
import { createLogger, Logger, redact } from '../src/common/logger';

export interface MessageLogEntry {
  /** 1, 2, 3 … in the order the pool saw them. */
  seq: number;
  time: Date;
  direction: 'in' | 'out';
  connectionId: number;
  /** 'pool' or 'director' listener. */
  role: 'pool' | 'director';
  transport: 'TLS' | 'TCP';
  /** ip:port of the client. */
  remote: string;
  /** First line (request line or status line). */
  firstLine: string;
  /** The whole message, redacted. */
  text: string;
  /**
   * Which socket read of its connection brought it (for 'in'; for 'out', the reads so far). Requests
   * from one read overlap: the client sent them all before the pool answered any.
   */
  read?: number;
}

export interface MessageLogOptions {
  logFile?: string;
  verbose?: boolean;
  /** Keep at most this many entries in memory (oldest dropped). */
  capacity?: number;
}

export class MessageLog {
  /** The entries, oldest first (a live array: tests use .some/.filter on it). */
  readonly entries: MessageLogEntry[] = [];
  /** The non-message lines (connections, auth verdicts, why a connection closed), redacted. */
  readonly notes: string[] = [];
  private seq = 0;
  private readonly added = new Emitter<MessageLogEntry>();
  readonly onEntry: Event<MessageLogEntry> = this.added.event;
  /** Notes (connections, auth results, why a connection was closed), through the same redaction. */
  readonly logger: Logger;

  constructor(private readonly options: MessageLogOptions = {}) {
    this.logger = createLogger((level, line) => this.note(`${level}: ${line}`));
  }

  record(direction: 'in' | 'out', meta: Omit<MessageLogEntry, 'seq' | 'time' | 'direction' | 'firstLine' | 'text'>, rawText: string): MessageLogEntry {
    const text = redact(rawText);
    const entry: MessageLogEntry = {
      seq: ++this.seq,
      time: new Date(),
      direction,
      ...meta,
      firstLine: text.slice(0, Math.max(0, text.indexOf('\r\n'))) || text.split('\n')[0],
      text,
    };
    this.entries.push(entry);
    const capacity = this.options.capacity ?? 20_000;
    if (this.entries.length > capacity) this.entries.splice(0, this.entries.length - capacity);
    const arrow = direction === 'in' ? 'C->S' : 'S->C';
    this.write(`===== #${entry.seq} ${entry.time.toISOString()} ${arrow} ${meta.role} ${meta.transport} conn ${meta.connectionId} ${meta.remote}\n${text}\n`);
    this.added.fire(entry);
    return entry;
  }

  /** A line that is not a SIP message (connection opened/closed, signature verdicts …). */
  note(line: string): void {
    const text = redact(line);
    this.notes.push(text);
    if (this.notes.length > (this.options.capacity ?? 20_000)) this.notes.shift();
    this.write(`##### [${new Date().toISOString()}] ${text}\n`);
  }

  /** Entries of one direction whose first line matches. */
  find(direction: 'in' | 'out', firstLine: RegExp): MessageLogEntry[] {
    return this.entries.filter((e) => e.direction === direction && firstLine.test(e.firstLine));
  }

  clear(): void {
    this.entries.length = 0;
    this.notes.length = 0;
  }

  dispose(): void {
    this.added.dispose();
  }

  private write(block: string): void {
    if (this.options.verbose) process.stdout.write(block);
    if (this.options.logFile) {
      try {
        appendFileSync(this.options.logFile, block);
      } catch {
        // the log file is a convenience; a full disk must not stop the simulated pool
      }
    }
  }
}
