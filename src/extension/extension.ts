import * as vscode from 'vscode';
import { createOutputLogger } from './log';
import { ConnectionStatusBar } from './statusBar';
import { registerCommands } from './commands';

/** Composition root: builds the pieces and hands them to VS Code to dispose. No network work here. */
export function activate(context: vscode.ExtensionContext): void {
  const { logger, channel } = createOutputLogger();
  const statusBar = new ConnectionStatusBar();
  context.subscriptions.push(channel, statusBar, ...registerCommands({ logger, channel }));
  logger.info(`activated (${context.extension.packageJSON.version as string})`);
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
