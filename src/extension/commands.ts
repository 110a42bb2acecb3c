import * as vscode from 'vscode';
import { Logger } from '../common/logger';
import { Commands, SETTINGS_SECTION } from './ids';

export interface CommandDeps {
  logger: Logger;
  channel: vscode.LogOutputChannel;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const notConfigured = async () => {
    const open = 'Open Settings';
    const choice = await vscode.window.showInformationMessage('Lync: set your SIP address and server first.', open);
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS_SECTION);
  };
  return [
    vscode.commands.registerCommand(Commands.connect, notConfigured),
    vscode.commands.registerCommand(Commands.disconnect, () => deps.logger.info('disconnect: not connected')),
    vscode.commands.registerCommand(Commands.signIn, notConfigured),
    vscode.commands.registerCommand(Commands.signOut, () => deps.logger.info('sign out: not signed in')),
    vscode.commands.registerCommand(Commands.showLog, () => deps.channel.show(true)),
  ];
}
