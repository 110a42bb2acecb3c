import * as vscode from 'vscode';
import { escapeMarkdown } from './markdown';
import type { ChatRoomInvitation } from '../persistentChat/xccos/types';
import { InvitationsViewId } from './ids';
import { ListView } from './listView';
import { LyncService } from './lyncService';

/** The Invitations tree: one item per pending invitation, inline Accept/Dismiss, a count badge. */
export class InvitationsView extends ListView<ChatRoomInvitation> {
  constructor(private readonly service: LyncService) {
    super(InvitationsViewId, (listener) => service.onDidChangeInvitations(listener));
    this.refresh();
  }

  protected items(): ChatRoomInvitation[] {
    return this.service.invitations;
  }

  protected badge(): vscode.ViewBadge | undefined {
    const count = this.service.invitations.length;
    return count ? { value: count, tooltip: count === 1 ? vscode.l10n.t('1 pending room invitation') : vscode.l10n.t('{0} pending room invitations', count) } : undefined;
  }

  getTreeItem(invitation: ChatRoomInvitation): vscode.TreeItem {
    const item = new vscode.TreeItem(invitation.room.name || invitation.room.uri, vscode.TreeItemCollapsibleState.None);
    item.id = String(invitation.id);
    // While not connected the remembered invitations stay listed, without Accept/Dismiss (the
    // menus show them for "invitation" only).
    const live = this.service.invitationsLive;
    item.contextValue = live ? 'invitation' : 'invitation.waiting';
    item.iconPath = new vscode.ThemeIcon(invitation.room.privacy === 'open' ? 'comment-discussion' : 'lock');
    const inviter = invitation.inviter?.replace(/^sip:/i, '');
    item.description = [inviter ? vscode.l10n.t('from {0}', inviter) : undefined, relativeTime(invitation.createdOn), live ? undefined : vscode.l10n.t('waiting for the connection')].filter(Boolean).join(' · ');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMarkdown(invitation.room.name || invitation.room.uri)}**\n\n`);
    if (invitation.room.description) tooltip.appendMarkdown(`${escapeMarkdown(invitation.room.description)}\n\n`);
    const when = invitation.createdOn.toLocaleString();
    tooltip.appendMarkdown(inviter ? vscode.l10n.t('Invited {0} by {1}', when, escapeMarkdown(inviter)) : vscode.l10n.t('Invited {0}', when));
    const count = invitation.room.participantCount;
    if (count) tooltip.appendMarkdown(` · ${count === 1 ? vscode.l10n.t('1 participant') : vscode.l10n.t('{0} participants', count)}`); // 0 = the server did not say
    item.tooltip = tooltip;
    if (!live) tooltip.appendMarkdown(`\n\n*${vscode.l10n.t('Not connected: Accept and Dismiss return once the connection is back.')}*`);
    const label = inviter ? vscode.l10n.t('Invitation to {0} from {1}', invitation.room.name, inviter) : vscode.l10n.t('Invitation to {0}', invitation.room.name);
    item.accessibilityInformation = { label: live ? label : vscode.l10n.t('{0}, waiting for the connection', label) };
    return item;
  }
}

export function relativeTime(date: Date, now = Date.now()): string {
  const minutes = Math.round((now - date.getTime()) / 60_000);
  if (minutes < 1) return vscode.l10n.t('just now');
  if (minutes < 60) return vscode.l10n.t('{0} min ago', minutes);
  const hours = Math.round(minutes / 60);
  if (hours < 24) return vscode.l10n.t('{0} h ago', hours);
  return date.toLocaleDateString();
}
