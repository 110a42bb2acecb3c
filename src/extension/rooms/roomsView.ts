import * as vscode from 'vscode';
import type { FollowedRoom } from '../../persistentChat/rooms/types';
import { ListView } from '../listView';
import { escapeMarkdown } from '../markdown';
import { RoomCommands, RoomsViewId } from './roomIds';
import type { RoomsModel } from './roomsModel';

/** The Rooms tree: followed rooms with unread counts, a mention marker and their state; badge = unread mentions. */
export class RoomsView extends ListView<FollowedRoom> {
  constructor(private readonly model: RoomsModel) {
    super(RoomsViewId, (listener) => model.onDidChangeFollowed(listener));
    this.refresh();
  }

  protected items(): FollowedRoom[] {
    return [...this.model.followed];
  }

  protected badge(): vscode.ViewBadge | undefined {
    const mentions = this.model.unreadMentions;
    return mentions ? { value: mentions, tooltip: mentions === 1 ? vscode.l10n.t('1 unread mention') : vscode.l10n.t('{0} unread mentions', mentions) } : undefined;
  }

  getTreeItem(room: FollowedRoom): vscode.TreeItem {
    const item = new vscode.TreeItem(room.name || room.uri, vscode.TreeItemCollapsibleState.None);
    item.id = room.uri;
    const flags = [room.state === 'Joined' ? 'joined' : 'notJoined', room.muted ? 'muted' : 'unmuted'];
    item.contextValue = `room ${flags.join(' ')}`;
    item.iconPath = icon(room);
    item.description = description(room);
    item.command = { command: RoomCommands.open, title: vscode.l10n.t('Open Room'), arguments: [room] };
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMarkdown(room.name || room.uri)}**\n\n`);
    if (room.description) tooltip.appendMarkdown(`${escapeMarkdown(room.description)}\n\n`);
    tooltip.appendMarkdown(`${escapeMarkdown(stateText(room))}`);
    if (room.participants.length) tooltip.appendMarkdown(` · ${vscode.l10n.t('{0} in the room', room.participants.length)}`);
    if (room.unread) tooltip.appendMarkdown(` · ${vscode.l10n.t('{0} unread', room.unread)}`);
    if (room.mentions) tooltip.appendMarkdown(` · ${mentionCount(room.mentions)}`);
    item.tooltip = tooltip;
    const parts = [vscode.l10n.t('Room {0}', room.name), stateText(room)];
    if (room.unread) parts.push(vscode.l10n.t('{0} unread', room.unread));
    if (room.mentions) parts.push(mentionCount(room.mentions));
    if (room.muted && room.state !== 'Joined') parts.push(vscode.l10n.t('muted')); // a joined room's state text says it already
    item.accessibilityInformation = { label: parts.join(', ') };
    return item;
  }
}

function icon(room: FollowedRoom): vscode.ThemeIcon {
  if (room.state === 'NoAccess') return new vscode.ThemeIcon('lock', new vscode.ThemeColor('list.errorForeground'));
  if (room.state === 'Gone') return new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground'));
  if (room.state !== 'Joined') return new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
  if (room.mentions && !room.muted) return new vscode.ThemeIcon('mention', new vscode.ThemeColor('list.warningForeground'));
  if (room.muted) return new vscode.ThemeIcon('bell-slash');
  return new vscode.ThemeIcon(room.unread ? 'comment-unresolved' : 'comment-discussion');
}

function mentionCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 mention') : vscode.l10n.t('{0} mentions', n);
}

function description(room: FollowedRoom): string {
  const parts: string[] = [];
  if (room.mentions && !room.muted) parts.push(`@${room.mentions}`);
  if (room.unread) parts.push(vscode.l10n.t('{0} new', room.unread));
  if (room.state !== 'Joined') parts.push(stateText(room).toLowerCase());
  return parts.join(' · ');
}

export function stateText(room: FollowedRoom): string {
  switch (room.state) {
    case 'Joined': return room.muted ? vscode.l10n.t('Joined, muted') : vscode.l10n.t('Joined');
    case 'Joining': return vscode.l10n.t('Joining');
    case 'NotJoined': return vscode.l10n.t('Not joined');
    case 'NoAccess': return room.reason ? vscode.l10n.t('No access ({0})', room.reason.message) : vscode.l10n.t('No access');
    case 'Gone': return vscode.l10n.t('Room removed');
  }
}
