/**
 * Every SIP message the pool receives or sends, redacted (Authorization values, NTLM blobs,
 * passwords never shown), kept in memory for tests, appended to a file and echoed with --verbose.
 *
 * Recording is cheap on purpose (a busy room is thousands of messages a second): an entry keeps the
 * raw text and is redacted (and its first line cut) only when someone reads it; the file and console
 * lines are built only when configured. Raw text never leaves this module unredacted.
 */
import { appendFileSync } from 'node:fs';
import { Emitter, Event } from '../src/common/events';
import { createLogger, Logger, redact } from '../src/common/logger';

export interface MessageLogEntry {
  /** 1, 2, 3 … in the order the pool saw them. */
  readonly seq: number;
  readonly time: Date;
  readonly direction: 'in' | 'out';
  readonly connectionId: number;
  /** 'pool' or 'director' listener. */
  readonly role: 'pool' | 'director';
  readonly transport: 'TLS' | 'TCP';
  /** ip:port of the client. */
  readonly remote: string;
  /** First line (request line or status line). */
  readonly firstLine: string;
  /** The whole message, redacted. */
  readonly text: string;
  /**
   * Which socket read of its connection brought it (for 'in'; for 'out', the reads so far). Requests
   * from one read overlap: the client sent them all before the pool answered any.
   */
  readonly read?: number;
}

export type MessageLogMeta = Pick<MessageLogEntry, 'connectionId' | 'role' | 'transport' | 'remote' | 'read'>;

export interface MessageLogOptions {
  logFile?: string;
  verbose?: boolean;
  /**
   * Keep the last this many entries in memory (default 20,000; the oldest are dropped in batches, so up
   * to an eighth more may be held for a while); 0 keeps none (seq still counts, onEntry still fires).
   */
  capacity?: number;
}

/** An entry as recorded: the raw text, redacted on first read and cached. */
class LoggedMessage implements MessageLogEntry {
  private redacted: string | undefined;
  private first: string | undefined;
  private readonly at: number;

  constructor(
    readonly seq: number,
    readonly direction: 'in' | 'out',
    private readonly meta: MessageLogMeta,
    private raw: string,
  ) {
    this.at = Date.now();
  }

  get time(): Date { return new Date(this.at); }
  get connectionId(): number { return this.meta.connectionId; }
  get role(): 'pool' | 'director' { return this.meta.role; }
  get transport(): 'TLS' | 'TCP' { return this.meta.transport; }
  get remote(): string { return this.meta.remote; }
  get read(): number | undefined { return this.meta.read; }

  get text(): string {
    if (this.redacted === undefined) {
      this.redacted = redact(this.raw);
      this.raw = '';
    }
    return this.redacted;
  }

  get firstLine(): string {
    if (this.first === undefined) {
      const text = this.text;
      this.first = text.slice(0, Math.max(0, text.indexOf('\r\n'))) || text.split('\n')[0];
    }
    return this.first;
  }

  /** A plain object (for console.log, JSON, assert.deepEqual). */
  toJSON(): Omit<MessageLogEntry, 'time'> & { time: string } {
    return { seq: this.seq, time: this.time.toISOString(), direction: this.direction, ...this.meta, firstLine: this.firstLine, text: this.text };
  }
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
  private readonly capacity: number;
  /** Entries beyond `capacity` are dropped in batches of this many, so a full log costs O(1) per record. */
  private readonly slack: number;

  constructor(private readonly options: MessageLogOptions = {}) {
    this.capacity = Math.max(0, options.capacity ?? 20_000);
    this.slack = Math.max(1, Math.floor(this.capacity / 8));
    this.logger = createLogger((level, line) => this.note(`${level}: ${line}`));
  }

  record(direction: 'in' | 'out', meta: MessageLogMeta, rawText: string): MessageLogEntry {
    const entry = new LoggedMessage(++this.seq, direction, meta, rawText);
    if (this.capacity > 0) {
      this.entries.push(entry);
      if (this.entries.length >= this.capacity + this.slack) this.entries.splice(0, this.entries.length - this.capacity);
    }
    if (this.options.verbose || this.options.logFile) {
      const arrow = direction === 'in' ? 'C->S' : 'S->C';
      this.write(`===== #${entry.seq} ${entry.time.toISOString()} ${arrow} ${meta.role} ${meta.transport} conn ${meta.connectionId} ${meta.remote}\n${entry.text}\n`);
    }
    if (this.added.listenerCount > 0) this.added.fire(entry);
    return entry;
  }

  /** A line that is not a SIP message (connection opened/closed, signature verdicts …). */
  note(line: string): void {
    const text = redact(line);
    this.notes.push(text);
    if (this.notes.length > Math.max(1, this.capacity)) this.notes.shift();
    if (this.options.verbose || this.options.logFile) this.write(`##### [${new Date().toISOString()}] ${text}\n`);
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
