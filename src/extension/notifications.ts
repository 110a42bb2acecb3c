import * as vscode from 'vscode';
import { LyncError } from '../common/errors';
import type { ChatRoomInvitation } from '../persistentChat/xccos/types';
import { userMessage } from './errorMessages';
import { Commands } from './ids';
import { LyncService } from './lyncService';
import { readSettings } from './settings';

const BATCH_MS = 1500;

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
    const [accept, dismiss, show] = [vscode.l10n.t('Accept'), vscode.l10n.t('Dismiss'), vscode.l10n.t('Show')];
    const text = invitation.inviter
      ? vscode.l10n.t('Lync: you were invited to the chat room "{0}" by {1}.', invitation.room.name, invitation.inviter.replace(/^sip:/i, ''))
      : vscode.l10n.t('Lync: you were invited to the chat room "{0}".', invitation.room.name);
    const choice = await vscode.window.showInformationMessage(text, accept, dismiss, show);
    if (choice === accept) await vscode.commands.executeCommand(Commands.acceptInvitation, invitation);
    else if (choice === dismiss) await vscode.commands.executeCommand(Commands.dismissInvitation, invitation);
    else if (choice === show) await vscode.commands.executeCommand(Commands.showInvitations);
  }

  private async showSummary(batch: ChatRoomInvitation[]): Promise<void> {
    const names = batch.slice(0, 3).map((i) => `"${i.room.name}"`).join(', ');
    const show = vscode.l10n.t('Show');
    const text = batch.length > 3
      ? vscode.l10n.t('Lync: {0} new room invitations: {1} and {2} more.', batch.length, names, batch.length - 3)
      : vscode.l10n.t('Lync: {0} new room invitations: {1}.', batch.length, names);
    const choice = await vscode.window.showInformationMessage(text, show);
    if (choice === show) await vscode.commands.executeCommand(Commands.showInvitations);
  }

  private async showError(error: LyncError): Promise<void> {
    const message = userMessage(error);
    const showLog = vscode.l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(message.text, ...message.actions.map((a) => a.title), showLog);
    if (choice === showLog) await vscode.commands.executeCommand(Commands.showLog);
    const action = message.actions.find((a) => a.title === choice);
    if (action) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
  }
}
