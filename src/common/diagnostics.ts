import type { LyncError } from './errors';
import { createLogger, Logger, LogLevel, LogSink, redact } from './logger';

/**
 * A redacted diagnostics report to attach to a public bug report: versions, settings without
 * secrets, the connection state, the last SIP/XCCOS messages (redacted as the logger redacts: no
 * Authorization values, NTLM blobs or passwords; bodies summarised, so no chat text), and the
 * protocol items the client did not understand — within a size a bug tracker accepts. The recorder taps the
 * logger, so it sees exactly what a trace log would, whatever level the user chose; it keeps the
 * lines as they come and redacts them only when a report is made (most never are), so recording
 * costs a SIP message no regex work.
 */
export const UNRECOGNIZED_MARKER = 'UNRECOGNIZED-PROTOCOL';
const MAX_MESSAGES = 200;
const MAX_ITEMS = 500;
const MAX_MESSAGE_CHARS = 64 * 1024;
/** A report's default size limit: fits GitHub's 65,536-character limit on an issue body, with room to spare. */
export const REPORT_BUDGET = 60_000;
/** One message as shown in a report (after summarising): a long one is cut. */
const MAX_SHOWN_CHARS = 8_000;

export class DiagnosticsRecorder {
  private readonly messages: string[] = [];
  private readonly unrecognized = new Map<string, number>();

  /** A logger whose lines go to `next` when it wants the level, and are all recorded here. */
  logger(next: LogSink, wanted: (level: LogLevel) => boolean = () => true, component?: string): Logger {
    return createLogger(next, component, wanted, (_level, line) => this.observe(line));
  }

  /** Records a line the logger produced (not yet redacted: report() redacts). */
  observe(line: string): void {
    const at = line.startsWith('[') ? line.indexOf('] ') + 2 : 0;
    const arrow = line.charCodeAt(at);
    if ((arrow === 0x2192 || arrow === 0x2190) && line.charCodeAt(at + 1) === 0x20) { // '→ ' or '← '
      // a long one is redacted before it is cut, so no cut can split a secret from its marker
      this.messages.push(line.length > MAX_MESSAGE_CHARS ? `${redact(line).slice(0, MAX_MESSAGE_CHARS)}\n… (${line.length} chars)` : line);
      if (this.messages.length > MAX_MESSAGES) this.messages.shift();
    } else if (line.includes(UNRECOGNIZED_MARKER)) {
      const item = redact(line.slice(line.indexOf(UNRECOGNIZED_MARKER) + UNRECOGNIZED_MARKER.length).replace(/^[:\s]+/, ''));
      if (this.unrecognized.size < MAX_ITEMS || this.unrecognized.has(item)) this.unrecognized.set(item, (this.unrecognized.get(item) ?? 0) + 1);
    }
  }

  get unrecognizedItems(): string[] {
    return [...this.unrecognized.keys()];
  }

  /**
   * The report, at most `maxChars` long (default 60,000: it fits a GitHub issue): versions, settings
   * without secrets, the caller's sections (e.g. the connection state and last error), protocol
   * items not understood, then the newest messages that fit. Message bodies (XCCOS carries chat
   * text and room history) are summarised to their elements and command ids unless `includeBodies`.
   */
  report(context: ReportContext): string {
    const maxChars = context.maxChars ?? REPORT_BUDGET;
    const head = [
      `# ${context.product} diagnostics (${new Date().toISOString()})`,
      '',
      '## Versions',
      ...Object.entries(context.versions).map(([k, v]) => `- ${k}: ${v}`),
      '',
      '## Settings (no secrets)',
      ...Object.entries(context.settings).filter(([k]) => !/pass|secret|key|pfx|token/i.test(k)).map(([k, v]) => `- ${k}: ${v === undefined ? '(not set)' : JSON.stringify(v)}`),
      '',
      ...(context.sections ?? []).flatMap((section) => [`## ${section.title}`, ...section.lines.map((l) => redact(l)), '']),
      `## Protocol items not understood (${this.unrecognized.size})`,
      ...this.unrecognizedLines(Math.floor(maxChars / 4)),
      '',
    ].join('\n');
    return `${head}${this.messageSection(maxChars - head.length, context.includeBodies ?? false)}`;
  }

  private unrecognizedLines(budget: number): string[] {
    if (this.unrecognized.size === 0) return ['- none'];
    const lines: string[] = [];
    let used = 0;
    for (const [item, n] of this.unrecognized) {
      const line = `- ${item}${n > 1 ? ` (×${n})` : ''}`;
      if (used + line.length > budget) {
        lines.push(`- … ${this.unrecognized.size - lines.length} more left out (size limit)`);
        break;
      }
      lines.push(line);
      used += line.length + 1;
    }
    return lines;
  }

  /** The newest messages that fit in `budget` characters, oldest first. */
  private messageSection(budget: number, includeBodies: boolean): string {
    const kept: string[] = [];
    let used = 400; // the heading and notes
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const text = shownMessage(this.messages[i], includeBodies);
      if (used + text.length + 2 > budget) break;
      kept.unshift(text);
      used += text.length + 2;
    }
    const left = this.messages.length - kept.length;
    return [
      `## Last ${kept.length} SIP/XCCOS messages (credentials redacted)`,
      '',
      includeBodies ? 'Message bodies are included in full (they can contain chat messages).' : 'Message bodies are summarised (elements and command ids, no chat text or room history).',
      ...(left > 0 ? [`${left} older messages were left out to keep the report short.`] : []),
      '',
      ...kept.map((m) => `${m}\n`),
    ].join('\n') + '\n';
  }
}

/** A report section after the settings: a heading and its lines (redacted when the report is made). */
export interface ReportSection {
  title: string;
  lines: string[];
}

export interface ReportContext {
  product: string;
  versions: Record<string, string>;
  settings: Record<string, unknown>;
  /** Sections after the settings, e.g. connectionSections() (lines are redacted). */
  sections?: ReportSection[];
  /** Whole message bodies, chat text included; by default each body is summarised. */
  includeBodies?: boolean;
  /** The report's size limit in characters (default REPORT_BUDGET). */
  maxChars?: number;
}

/** What the Connection section shows: the extension's status and the CLI's connection status both fit. */
export interface ConnectionSummary {
  phase: string;
  since: Date;
  server?: string;
  chatServerUri?: string;
  nextAttemptAt?: Date;
  attempt?: number;
  /** Why there is no connection to make (the extension's NotConfigured). */
  missing?: string;
  lastError?: ErrorSummary;
}

/** The parts of a LyncError the Last error section shows. */
export type ErrorSummary = Pick<LyncError, 'code' | 'message' | 'sipStatus' | 'diagnostics' | 'retriable'>;

/**
 * The Connection and Last error sections of a report: the phase and since when, the server and
 * chat server, a pending retry, and the error (`lastError`, else the status's own) with its code,
 * message, SIP status and ms-diagnostics.
 */
export function connectionSections(status: ConnectionSummary, lastError: ErrorSummary | undefined = status.lastError): ReportSection[] {
  const lines = [`- state: ${status.phase} since ${status.since.toISOString()}`];
  if (status.server) lines.push(`- server: ${status.server}`);
  if (status.chatServerUri) lines.push(`- chat server: ${status.chatServerUri}`);
  if (status.nextAttemptAt) lines.push(`- next attempt: ${status.nextAttemptAt.toISOString()} (attempt ${status.attempt ?? '?'})`);
  if (status.missing) lines.push(`- missing: ${status.missing}`);
  const errorLines = lastError
    ? [`- code: ${lastError.code}`, `- message: ${lastError.message}`, ...(lastError.sipStatus ? [`- SIP status: ${lastError.sipStatus}`] : []), ...(lastError.diagnostics ? [`- ms-diagnostics: ${lastError.diagnostics}`] : []), `- retriable: ${lastError.retriable}`]
    : ['- none'];
  return [{ title: 'Connection', lines }, { title: 'Last error', lines: errorLines }];
}

/** One recorded message as the report shows it: redacted, its body summarised unless included. */
function shownMessage(raw: string, includeBodies: boolean): string {
  const text = redact(raw).replace(/\r\n/g, '\n').trimEnd();
  const split = text.indexOf('\n\n');
  const shown = includeBodies || split < 0 ? text : `${text.slice(0, split)}\n\n${summariseBody(text.slice(split + 2))}`;
  return shown.length > MAX_SHOWN_CHARS ? `${shown.slice(0, MAX_SHOWN_CHARS)}\n… (${shown.length} chars)` : shown;
}

/**
 * A body without its content: its size, and for XML its elements in order (each once) with the
 * XCCOS command ids (`cmd:getserverinfo`, `rpl:bjoin`…), which say what was asked without any text.
 */
export function summariseBody(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) return '';
  if (!trimmed.startsWith('<')) return `(body: ${trimmed.length} chars, not included)`;
  const seen = new Set<string>();
  for (const m of trimmed.matchAll(/<([A-Za-z][\w:.-]*)(?:[^>]*?\sid="((?:cmd|rpl|bcast):[\w-]+)")?/g)) {
    seen.add(m[2] ? `${m[1]} ${m[2]}` : m[1]);
    if (seen.size >= 40) break;
  }
  return `(body: ${trimmed.length} chars, not included; elements: ${[...seen].join(', ')})`;
}

/** Logs an unrecognized protocol item once (per process) at debug, with the marker the recorder collects. */
const reported = new Set<string>();
export function reportUnrecognized(logger: { debug(message: string): void }, item: string): void {
  const key = item.slice(0, 500);
  if (reported.has(key)) return;
  if (reported.size > 10_000) reported.clear();
  reported.add(key);
  logger.debug(`${UNRECOGNIZED_MARKER}: ${key}`);
}
