import * as vscode from 'vscode';
import type { FeedHit } from '../../persistentChat/feeds/feedInbox';
import type { TopicFeed } from '../../persistentChat/feeds/types';
import { messageNotifications, oneLine } from '../rooms/roomNotifications';
import type { RoomsModel } from '../rooms/roomsModel';
import { FeedCommands } from './feedIds';
import type { FeedPanels } from './feedPanels';
import type { FeedsModel } from './feedsModel';

/**
 * A notification for a live feed match, under the setting of mention notifications
 * (`messageNotifications`): none when it is off, none for a muted room or a feed being looked at,
 * and none where the room's own notification already told (a mention, or every message with "all").
 */
export class FeedNotifications implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private lastMessage: string | undefined;

  constructor(feeds: FeedsModel, private readonly rooms: RoomsModel, private readonly panels: FeedPanels) {
    this.subscription = new vscode.Disposable(feeds.inbox.onDidMatch(({ feed, hit }) => void this.notify(feed, hit)).dispose);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async notify(feed: TopicFeed, hit: FeedHit): Promise<void> {
    const message = hit.message;
    const setting = messageNotifications();
    if (setting !== 'mentions' || message.mention || this.lastMessage === message.id) return;
    const room = this.rooms.find(message.roomUri);
    if (!room || room.muted || this.panels.isSeen(feed.id)) return;
    this.lastMessage = message.id; // a message several feeds match is announced once
    const who = message.authorName || message.author.replace(/^sips?:/i, '');
    const notice = vscode.l10n.t('Lync: topic feed "{0}": {1} in "{2}": {3}', feed.name, who, room.name, oneLine(message.text));
    const openFeed = vscode.l10n.t('Open Feed');
    if (await vscode.window.showInformationMessage(notice, openFeed) === openFeed) await vscode.commands.executeCommand(FeedCommands.open, feed.id);
  }
}
