import { writeFileSync } from 'node:fs';
import { DiagnosticsRecorder, ReportSection } from '../common/diagnostics';
import { LyncError } from '../common/errors';
import { CliOptions } from './args';
import { CliOutput } from './output';
import { CLI_VERSION } from './version';

/**
 * --diagnostics FILE: the redacted report (versions, settings without secrets, `sections` — the
 * connection and last error —, recent messages), readable by the user only.
 */
export function writeDiagnostics(file: string, recorder: DiagnosticsRecorder, options: CliOptions, output: CliOutput, sections: ReportSection[] = []): void {
  const { uri, server, transport, username, ca, application, gruu, proxy, chatUri, noChat, demo } = options;
  const text = recorder.report({
    product: 'lync-pchat',
    versions: { 'lync-pchat': CLI_VERSION, node: process.version, platform: `${process.platform} ${process.arch}` },
    settings: { uri, server, transport, username, ca, application, gruu, proxy, chatUri, noChat, demo },
    sections,
  });
  try {
    writeFileSync(file, text, { mode: 0o600 });
    output.event('diagnostics', { file }, `diagnostics written to ${file}`);
  } catch (error) {
    output.error(new LyncError('InvalidSettings', `The diagnostics report cannot be written to ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`));
  }
}
