import * as vscode from 'vscode';
import type { TopicFeed } from '../../persistentChat/feeds/types';
import { RoomCommands } from '../rooms/roomIds';
import type { RoomsModel } from '../rooms/roomsModel';
import { feedHtml } from './feedHtml';
import { FeedPanelViewType } from './feedIds';
import type { FeedsModel } from './feedsModel';

/** The open feed editors, one per feed: each lists the feed's matches and marks them read while it is visible. */
export class FeedPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  /** What each panel shows (the feed and its newest match), so an unrelated change does not reload it. */
  private readonly shown = new Map<string, string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly feeds: FeedsModel, private readonly rooms: RoomsModel) {
    this.subscription = feeds.onDidChange(() => this.refreshAll());
  }

  open(feed: TopicFeed): void {
    const existing = this.panels.get(feed.id);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(FeedPanelViewType, feed.name, vscode.ViewColumn.Active, {
      enableScripts: false,
      enableCommandUris: [RoomCommands.open],
      localResourceRoots: [],
    });
    this.panels.set(feed.id, panel);
    panel.onDidDispose(() => {
      this.panels.delete(feed.id);
      this.shown.delete(feed.id);
    });
    panel.onDidChangeViewState(() => { if (panel.visible) this.feeds.inbox.markRead(feed.id); });
    this.render(feed.id);
  }

  /** Whether the user is looking at this feed's editor now. */
  isSeen(feedId: string): boolean {
    const panel = this.panels.get(feedId);
    return panel !== undefined && panel.visible && vscode.window.state.focused;
  }

  close(feedId: string): void {
    this.panels.get(feedId)?.dispose();
  }

  dispose(): void {
    this.subscription.dispose();
    for (const panel of [...this.panels.values()]) panel.dispose();
  }

  private refreshAll(): void {
    for (const id of [...this.panels.keys()]) this.render(id);
  }

  private render(feedId: string): void {
    const panel = this.panels.get(feedId);
    const feed = this.feeds.find(feedId);
    if (!panel) return;
    if (!feed) {
      panel.dispose(); // the feed was deleted
      return;
    }
    const hits = this.feeds.inbox.hits(feedId);
    const signature = JSON.stringify([feed, hits.length, hits.at(-1)?.message.id]);
    if (this.shown.get(feedId) !== signature) {
      this.shown.set(feedId, signature);
      panel.title = feed.name;
      panel.webview.html = feedHtml(feed, hits, (uri) => this.rooms.find(uri)?.name ?? uri);
    }
    if (panel.visible) this.feeds.inbox.markRead(feedId);
  }
}
