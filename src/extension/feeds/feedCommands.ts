import * as vscode from 'vscode';
import { LyncError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import { FEED_LIMITS, TopicFeed } from '../../persistentChat/feeds/types';
import { FeedCommands } from './feedIds';
import type { FeedPanels } from './feedPanels';
import { problemText, promptFeed, type RoomChoice } from './feedPrompts';
import type { FeedsModel } from './feedsModel';

interface FeedCommandDeps { feeds: FeedsModel; panels: FeedPanels; logger: Logger }

/** The feed a command is for: a Rooms view item or a feed id, else one the user picks. */
async function feedArg(feeds: FeedsModel, arg: unknown, verb: string): Promise<TopicFeed | undefined> {
  const id = typeof arg === 'string' ? arg : (arg && typeof arg === 'object' && typeof (arg as { feed?: TopicFeed }).feed?.id === 'string') ? (arg as { feed: TopicFeed }).feed.id : undefined;
  if (id !== undefined) return feeds.find(id);
  if (feeds.feeds.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Lync: you have no topic feeds. Use "Lync: New Topic Feed…" to follow keywords or people across rooms.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(feeds.feeds.map((feed) => ({ label: feed.name, feed })), { title: vscode.l10n.t('Lync: {0}', verb), placeHolder: vscode.l10n.t('Topic feed') });
  return picked?.feed;
}

function roomChoices(feeds: FeedsModel): RoomChoice[] {
  return feeds.followedRooms.map((r) => ({ uri: r.uri, name: r.name || r.uri }));
}

async function createFeed({ feeds, panels }: FeedCommandDeps): Promise<void> {
  if (feeds.feeds.length >= FEED_LIMITS.feeds) throw new LyncError('InvalidSettings', problemText({ code: 'TooManyFeeds', limit: FEED_LIMITS.feeds }), { retriable: false });
  const feed = await promptFeed(undefined, feeds.feeds, roomChoices(feeds));
  if (!feed) return;
  await feeds.save([...feeds.feeds, feed]);
  panels.open(feed);
}

async function editFeed({ feeds }: FeedCommandDeps, arg: unknown): Promise<void> {
  const existing = await feedArg(feeds, arg, vscode.l10n.t('Edit Topic Feed'));
  if (!existing) return;
  const edited = await promptFeed(existing, feeds.feeds.filter((f) => f.id !== existing.id), roomChoices(feeds));
  if (edited) await feeds.save(feeds.feeds.map((f) => (f.id === edited.id ? edited : f)));
}

async function deleteFeed({ feeds, panels }: FeedCommandDeps, arg: unknown): Promise<void> {
  const feed = await feedArg(feeds, arg, vscode.l10n.t('Delete Topic Feed'));
  if (!feed) return;
  const remove = vscode.l10n.t('Delete');
  if (await vscode.window.showWarningMessage(vscode.l10n.t('Lync: delete the topic feed "{0}"?', feed.name), remove) !== remove) return;
  await feeds.save(feeds.feeds.filter((f) => f.id !== feed.id));
  panels.close(feed.id);
}

export function registerFeedCommands(deps: FeedCommandDeps): vscode.Disposable[] {
  const register = (id: string, fn: (arg: unknown) => Promise<void> | void) => vscode.commands.registerCommand(id, async (arg: unknown) => {
    try {
      await fn(arg);
    } catch (error) {
      const e = LyncError.from(error);
      deps.logger.error(`${id}: ${e.code}: ${e.message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Lync: {0}', e.message));
    }
  });
  return [
    register(FeedCommands.create, () => createFeed(deps)),
    register(FeedCommands.edit, (arg) => editFeed(deps, arg)),
    register(FeedCommands.remove, (arg) => deleteFeed(deps, arg)),
    register(FeedCommands.open, async (arg) => {
      const feed = await feedArg(deps.feeds, arg, vscode.l10n.t('Open Topic Feed'));
      if (feed) deps.panels.open(feed);
    }),
  ];
}
