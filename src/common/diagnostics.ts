import { createLogger, Logger, LogLevel, LogSink, redact } from './logger';

/**
 * A redacted diagnostics report to attach to a bug report: versions, settings without secrets,
 * the last SIP/XCCOS messages (redacted as the logger redacts: no Authorization values, NTLM blobs
 * or passwords), and every protocol item the client did not understand. The recorder taps the
 * logger, so it sees exactly what a trace log would, whatever level the user chose; it keeps the
 * lines as they come and redacts them only when a report is made (most never are), so recording
 * costs a SIP message no regex work.
 */
export const UNRECOGNIZED_MARKER = 'UNRECOGNIZED-PROTOCOL';
const MAX_MESSAGES = 200;
const MAX_ITEMS = 500;
const MAX_MESSAGE_CHARS = 64 * 1024;

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

  report(context: { product: string; versions: Record<string, string>; settings: Record<string, unknown> }): string {
    const lines = [
      `# ${context.product} diagnostics (${new Date().toISOString()})`,
      '',
      '## Versions',
      ...Object.entries(context.versions).map(([k, v]) => `- ${k}: ${v}`),
      '',
      '## Settings (no secrets)',
      ...Object.entries(context.settings).filter(([k]) => !/pass|secret|key|pfx|token/i.test(k)).map(([k, v]) => `- ${k}: ${v === undefined ? '(not set)' : JSON.stringify(v)}`),
      '',
      `## Protocol items not understood (${this.unrecognized.size})`,
      ...(this.unrecognized.size ? [...this.unrecognized].map(([item, n]) => `- ${item}${n > 1 ? ` (×${n})` : ''}`) : ['- none']),
      '',
      `## Last ${this.messages.length} SIP/XCCOS messages (credentials redacted)`,
      '',
      ...this.messages.map((m) => `${redact(m).replace(/\r\n/g, '\n').trimEnd()}\n`),
    ];
    return `${lines.join('\n')}\n`;
  }
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
