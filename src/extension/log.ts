import * as vscode from 'vscode';
import { createLogger, Logger, LogLevel } from '../common/logger';
import { LOG_CHANNEL_NAME } from './ids';

/** The one LogOutputChannel; users pick the level with "Developer: Set Log Level…". */
export function createOutputLogger(): { logger: Logger; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const logger = createLogger((level, line) => channel[level](line), undefined, (level) => enabledIn(channel.logLevel, level));
  return { logger, channel };
}

const VS_LEVEL: Record<LogLevel, vscode.LogLevel> = {
  trace: vscode.LogLevel.Trace, debug: vscode.LogLevel.Debug, info: vscode.LogLevel.Info, warn: vscode.LogLevel.Warning, error: vscode.LogLevel.Error,
};

/** What the channel would show anyway; the rest is never formatted or redacted (SIP traces are large). */
function enabledIn(channelLevel: vscode.LogLevel, level: LogLevel): boolean {
  return channelLevel !== vscode.LogLevel.Off && channelLevel <= VS_LEVEL[level];
}
