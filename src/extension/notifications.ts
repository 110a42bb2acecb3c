import * as vscode from 'vscode';
import { LyncError } from '../common/errors';
import type { ChatRoomInvitation } from '../persistentChat/xccos/types';
import { userMessage } from './errorMessages';
import { Commands } from './ids';
import { LyncService } from './lyncService';
import { readSettings } from './settings';

const BATCH_MS = 1500;
const SHOW_LOG = 'Show Log';

/**
 * Notifications: one per new invitation (Accept / Dismiss / Show), a single summary when several
 * arrive together, none when the setting is off; every error has a "Show Log" action.
 */
export class Notifications implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  private batch: ChatRoomInvitation[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(service: LyncService) {
    this.subscriptions = [
      service.onDidReceiveInvitation((inv) => this.queue(inv)),
      service.onDidFail((error) => void this.showError(error)),
    ];
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }

  private queue(invitation: ChatRoomInvitation): void {
    if (readSettings().notifications === 'off') return;
    this.batch.push(invitation);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 1) void this.showOne(batch[0]);
    else if (batch.length > 1) void this.showSummary(batch);
  }

  private async showOne(invitation: ChatRoomInvitation): Promise<void> {
    const inviter = invitation.inviter ? ` by ${invitation.inviter.replace(/^sip:/i, '')}` : '';
    const choice = await vscode.window.showInformationMessage(`Lync: you were invited to the chat room "${invitation.room.name}"${inviter}.`, 'Accept', 'Dismiss', 'Show');
    if (choice === 'Accept') await vscode.commands.executeCommand(Commands.acceptInvitation, invitation);
    else if (choice === 'Dismiss') await vscode.commands.executeCommand(Commands.dismissInvitation, invitation);
    else if (choice === 'Show') await vscode.commands.executeCommand(Commands.showInvitations);
  }

  private async showSummary(batch: ChatRoomInvitation[]): Promise<void> {
    const names = batch.slice(0, 3).map((i) => `"${i.room.name}"`).join(', ');
    const more = batch.length > 3 ? ` and ${batch.length - 3} more` : '';
    const choice = await vscode.window.showInformationMessage(`Lync: ${batch.length} new room invitations: ${names}${more}.`, 'Show');
    if (choice === 'Show') await vscode.commands.executeCommand(Commands.showInvitations);
  }

  private async showError(error: LyncError): Promise<void> {
    const message = userMessage(error);
    const choice = await vscode.window.showErrorMessage(message.text, ...message.actions.map((a) => a.title), SHOW_LOG);
    if (choice === SHOW_LOG) await vscode.commands.executeCommand(Commands.showLog);
    const action = message.actions.find((a) => a.title === choice);
    if (action) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
  }
}
