import type * as vscode from 'vscode';
import { parseStoredFeeds } from '../../persistentChat/feeds/feedValidation';
import type { TopicFeed } from '../../persistentChat/feeds/types';
import { FEEDS_KEY } from './feedIds';

/** Topic feeds kept in VS Code's globalState, one list per account (what is read back is re-validated, not trusted). */
export class GlobalStateFeedStore {
  private readonly key: string;

  constructor(private readonly state: vscode.Memento, userUri: string) {
    this.key = `${FEEDS_KEY}:${userUri.toLowerCase()}`;
  }

  load(): TopicFeed[] {
    return parseStoredFeeds(this.state.get<unknown>(this.key));
  }

  save(feeds: readonly TopicFeed[]): Thenable<void> {
    return this.state.update(this.key, feeds.map((f) => ({ ...f })));
  }
}
