import * as vscode from 'vscode';
import { createLogger, Logger } from '../common/logger';
import { LOG_CHANNEL_NAME } from './ids';

/** The one LogOutputChannel; users pick the level with "Developer: Set Log Level…". */
export function createOutputLogger(): { logger: Logger; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const logger = createLogger((level, line) => channel[level](line));
  return { logger, channel };
}
