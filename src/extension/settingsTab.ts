import * as vscode from 'vscode';
import { MACHINE_SETTINGS, SETTINGS_SECTION } from './ids';

/**
 * Opens the Settings editor on one of our settings, in the tab where VS Code reads it: a
 * machine-scoped setting in a remote window lives on the Remote tab (the User tab would say
 * "No Settings Found"), everything else on the User tab.
 */
export function openSettingsAt(key?: string): Thenable<unknown> {
  const query = key ? `${SETTINGS_SECTION}.${key}` : SETTINGS_SECTION;
  if (key && isRemoteSetting(key)) return vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query });
  return vscode.commands.executeCommand('workbench.action.openSettings', { query });
}

/** Whether `key` is read from the remote's settings in this window. */
export function isRemoteSetting(key: string): boolean {
  return MACHINE_SETTINGS.includes(key) && vscode.env.remoteName !== undefined;
}
