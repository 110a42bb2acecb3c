import * as vscode from 'vscode';

/** vscode.l10n.t for a message with positional arguments ({0}, {1}…): the English text when no translation is loaded. */
export function t(message: string, ...args: (string | number | boolean)[]): string {
  return vscode.l10n.t(message, ...args);
}
