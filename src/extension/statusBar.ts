import * as vscode from 'vscode';
import { Commands, StatusBarId } from './ids';

/** The single status bar item showing the connection state. */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem(StatusBarId, vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Lync Persistent Chat';
    this.showDisconnected();
    this.item.show();
  }

  showDisconnected(): void {
    this.item.text = '$(circle-slash) Lync';
    this.item.tooltip = new vscode.MarkdownString('**Lync Persistent Chat**: disconnected\n\nClick to connect.');
    this.item.accessibilityInformation = { label: 'Lync Persistent Chat: disconnected', role: 'button' };
    this.item.command = Commands.connect;
  }

  dispose(): void {
    this.item.dispose();
  }
}
