import * as vscode from 'vscode';
import type { Logger } from '../../common/logger';
import type { RoomsModel } from '../rooms/roomsModel';
import { registerFeedCommands } from './feedCommands';
import { FeedNotifications } from './feedNotifications';
import { FeedPanels } from './feedPanels';
import { FeedsModel } from './feedsModel';

/** Topic feeds: the account's feeds and their matches, their editors, notifications and commands; disposed with the extension. */
export function registerFeeds(context: vscode.ExtensionContext, rooms: RoomsModel, user: () => string | undefined, logger: Logger): FeedsModel {
  const feeds = new FeedsModel(rooms, context.globalState, user, logger);
  const panels = new FeedPanels(feeds, rooms);
  context.subscriptions.push(feeds, panels, new FeedNotifications(feeds, rooms, panels), ...registerFeedCommands({ feeds, panels, logger }));
  return feeds;
}
