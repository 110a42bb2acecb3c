import { LogLevel, LogSink } from './logger';

/**
 * A redacted diagnostics report to attach to a bug report: versions, settings without secrets,
 * the last SIP/XCCOS messages (as the logger already redacted them: no Authorization values, NTLM
 * blobs or passwords), and every protocol item the client did not understand. The recorder sits on
 * the logger's sink, so it sees exactly what a trace log would, whatever level the user chose.
 */
export const UNRECOGNIZED_MARKER = 'UNRECOGNIZED-PROTOCOL';
const MAX_MESSAGES = 200;
const MAX_ITEMS = 500;
const MAX_MESSAGE_CHARS = 64 * 1024;

export class DiagnosticsRecorder {
  private readonly messages: string[] = [];
  private readonly unrecognized = new Map<string, number>();

  /** Wraps a sink: every line still goes to `next` (when it wants the level); messages and unrecognized items are kept. */
  sink(next: LogSink, wanted: (level: LogLevel) => boolean = () => true): LogSink {
    return (level, line) => {
      this.observe(line);
      if (wanted(level)) next(level, line);
    };
  }

  /** Records a line the logger produced (already redacted). */
  observe(line: string): void {
    const body = line.replace(/^\[[^\]]*\] /, '');
    if (body.startsWith('→ ') || body.startsWith('← ')) {
      this.messages.push(line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS)}\n… (${line.length} chars)` : line);
      if (this.messages.length > MAX_MESSAGES) this.messages.shift();
    } else if (line.includes(UNRECOGNIZED_MARKER)) {
      const item = line.slice(line.indexOf(UNRECOGNIZED_MARKER) + UNRECOGNIZED_MARKER.length).replace(/^[:\s]+/, '');
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
      ...this.messages.map((m) => `${m.replace(/\r\n/g, '\n').trimEnd()}\n`),
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
