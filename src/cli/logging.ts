import { DiagnosticsRecorder } from '../common/diagnostics';
import { escapeControls } from '../common/escape';
import { Disposable, setListenerErrorReporter } from '../common/events';
import { createLogger, Logger, LogSink, nullLogger } from '../common/logger';

/** lync-pchat's log, one for the plain command and every room subcommand alike. */
export interface CliLog extends Disposable {
  readonly logger: Logger;
  /** With --diagnostics: every line kept for the report written on exit. */
  readonly recorder?: DiagnosticsRecorder;
}

/**
 * `LEVEL line` on stderr, with control characters escaped: log lines carry server text (SIP traces,
 * reason phrases), which must never reach the terminal raw.
 */
export function stderrSink(write: (text: string) => void = (text) => process.stderr.write(text)): LogSink {
  return (level, line) => write(`${level.padEnd(5)} ${escapeControls(line)}\n`);
}

/**
 * The logger the options ask for (--verbose: to stderr; --diagnostics: recorded), and an exception
 * thrown by an event listener reported through it at warn until dispose().
 */
export function openCliLog(options: { verbose: boolean; diagnostics?: string }, sink: LogSink = stderrSink()): CliLog {
  const recorder = options.diagnostics ? new DiagnosticsRecorder() : undefined;
  const logger: Logger = recorder
    ? recorder.logger(sink, () => options.verbose)
    : options.verbose ? createLogger(sink) : nullLogger;
  const reporter = setListenerErrorReporter((error) => logger.warn(`an event listener threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
  return { logger, recorder, dispose: () => reporter.dispose() };
}
