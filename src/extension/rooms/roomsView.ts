import * as vscode from 'vscode';
import type { TopicFeed } from '../../persistentChat/feeds/types';
import type { FollowedRoom } from '../../persistentChat/rooms/types';
import { FeedCommands } from '../feeds/feedIds';
import type { FeedsModel } from '../feeds/feedsModel';
import { ListView } from '../listView';
import { escapeMarkdown } from '../markdown';
import { RoomCommands, RoomsViewId } from './roomIds';
import type { RoomsModel } from './roomsModel';

/** The "Topic Feeds" group under the rooms (shown once the account has a feed), and a feed in it. */
export interface FeedsGroupItem { kind: 'feeds' }
export interface FeedItem { kind: 'feed'; feed: TopicFeed; unread: number }
export type RoomsViewItem = FollowedRoom | FeedsGroupItem | FeedItem;

/** The Rooms tree: followed rooms with unread counts, a mention marker and their state, then the topic feeds; badge = unread mentions. */
export class RoomsView extends ListView<RoomsViewItem> {
  private readonly feedSubscription: vscode.Disposable;

  constructor(private readonly model: RoomsModel, private readonly feeds: FeedsModel) {
    super(RoomsViewId, (listener) => model.onDidChangeFollowed(listener));
    this.feedSubscription = feeds.onDidChange(() => this.refresh());
    this.refresh();
  }

  protected items(): RoomsViewItem[] {
    return this.feeds.feeds.length ? [...this.model.followed, { kind: 'feeds' }] : [...this.model.followed];
  }

  override getChildren(element?: RoomsViewItem): RoomsViewItem[] {
    if (!element) return this.items();
    if (!('kind' in element) || element.kind !== 'feeds') return [];
    return this.feeds.feeds.map((feed) => ({ kind: 'feed', feed, unread: this.feeds.inbox.unread(feed.id) }));
  }

  protected badge(): vscode.ViewBadge | undefined {
    const mentions = this.model.unreadMentions;
    return mentions ? { value: mentions, tooltip: mentions === 1 ? vscode.l10n.t('1 unread mention') : vscode.l10n.t('{0} unread mentions', mentions) } : undefined;
  }

  getTreeItem(element: RoomsViewItem): vscode.TreeItem {
    if (!('kind' in element)) return roomItem(element);
    return element.kind === 'feeds' ? feedsGroupItem() : feedItem(element);
  }

  override dispose(): void {
    this.feedSubscription.dispose();
    super.dispose();
  }
}

function roomItem(room: FollowedRoom): vscode.TreeItem {
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

function feedsGroupItem(): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Topic Feeds'), vscode.TreeItemCollapsibleState.Expanded);
  item.id = 'topicFeeds';
  item.contextValue = 'topicFeeds';
  item.iconPath = new vscode.ThemeIcon('rss');
  return item;
}

function feedItem({ feed, unread }: FeedItem): vscode.TreeItem {
  const item = new vscode.TreeItem(feed.name, vscode.TreeItemCollapsibleState.None);
  item.id = `topicFeed:${feed.id}`;
  item.contextValue = 'topicFeed';
  item.iconPath = new vscode.ThemeIcon(unread ? 'bell-dot' : 'bell');
  item.description = unread ? vscode.l10n.t('{0} new', unread) : undefined;
  item.command = { command: FeedCommands.open, title: vscode.l10n.t('Open Topic Feed'), arguments: [feed.id] };
  const what = [...feed.keywords, ...feed.people.map((p) => p.replace(/^sip:/, ''))].join(', ');
  item.tooltip = new vscode.MarkdownString(`**${escapeMarkdown(feed.name)}**\n\n${escapeMarkdown(what)}`);
  const parts = [vscode.l10n.t('Topic feed {0}', feed.name)];
  if (unread) parts.push(vscode.l10n.t('{0} unread', unread));
  item.accessibilityInformation = { label: parts.join(', ') };
  return item;
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
