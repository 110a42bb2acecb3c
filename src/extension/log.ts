import * as vscode from 'vscode';
import { DiagnosticsRecorder } from '../common/diagnostics';
import { Logger, LogLevel } from '../common/logger';
import { LOG_CHANNEL_NAME } from './ids';

/**
 * The one LogOutputChannel; users pick the level with "Developer: Set Log Level…". The diagnostics
 * recorder sees every (redacted) line whatever that level, so Copy Diagnostics always has the last
 * SIP/XCCOS messages.
 */
export function createOutputLogger(): { logger: Logger; channel: vscode.LogOutputChannel; recorder: DiagnosticsRecorder } {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const recorder = new DiagnosticsRecorder();
  const logger = recorder.logger((level, line) => channel[level](line), (level) => enabledIn(channel.logLevel, level));
  return { logger, channel, recorder };
}

const VS_LEVEL: Record<LogLevel, vscode.LogLevel> = {
  trace: vscode.LogLevel.Trace, debug: vscode.LogLevel.Debug, info: vscode.LogLevel.Info, warn: vscode.LogLevel.Warning, error: vscode.LogLevel.Error,
};

/** What the channel would show anyway; the rest is never formatted or redacted (SIP traces are large). */
function enabledIn(channelLevel: vscode.LogLevel, level: LogLevel): boolean {
  return channelLevel !== vscode.LogLevel.Off && channelLevel <= VS_LEVEL[level];
}
