import { Emitter, Event } from '../../common/events';
import type { RoomMessage } from '../rooms/types';
import { FeedMatcher, MatchRange } from './feedMatcher';
import { FEED_LIMITS, TopicFeed } from './types';

/** A message a feed matched, with where its keywords are. */
export interface FeedHit {
  message: RoomMessage;
  ranges: MatchRange[];
}

interface FeedState {
  matcher: FeedMatcher;
  /** Oldest first, each message once, at most FEED_LIMITS.matches (the oldest go first). */
  hits: FeedHit[];
  ids: Set<string>;
  unread: number;
}

/**
 * The matches of an account's feeds across followed rooms (live messages and history already
 * fetched), with an unread count per feed. Memory only: matches are found again from history.
 */
export class FeedInbox {
  private states = new Map<string, FeedState>();
  private readonly changed = new Emitter<void>();
  /** A new live match (not one from history), for notifications. */
  private readonly matched = new Emitter<{ feed: TopicFeed; hit: FeedHit }>();
  readonly onDidChange: Event<void> = this.changed.event;
  readonly onDidMatch: Event<{ feed: TopicFeed; hit: FeedHit }> = this.matched.event;

  /** Replaces the feeds; the matches of a feed whose criteria did not change are kept. */
  setFeeds(feeds: readonly TopicFeed[]): void {
    const next = new Map<string, FeedState>();
    for (const feed of feeds) {
      const old = this.states.get(feed.id);
      const same = old !== undefined && criteria(old.matcher.feed) === criteria(feed);
      next.set(feed.id, same ? { ...old, matcher: new FeedMatcher(feed) } : { matcher: new FeedMatcher(feed), hits: [], ids: new Set(), unread: 0 });
    }
    this.states = next;
    this.changed.fire();
  }

  get feeds(): TopicFeed[] {
    return [...this.states.values()].map((s) => s.matcher.feed);
  }

  /** Offers messages to every feed; `live` ones count as unread and are announced. */
  add(messages: readonly RoomMessage[], live: boolean): void {
    let any = false;
    for (const message of messages) {
      for (const state of this.states.values()) {
        const match = state.ids.has(message.id) ? undefined : state.matcher.match(message);
        if (!match) continue;
        const hit = { message, ranges: match.ranges };
        insert(state, hit);
        any = true;
        if (live) {
          state.unread = Math.min(state.unread + 1, state.hits.length);
          this.matched.fire({ feed: state.matcher.feed, hit });
        }
      }
    }
    if (any) this.changed.fire();
  }

  hits(feedId: string): readonly FeedHit[] {
    return this.states.get(feedId)?.hits ?? [];
  }

  unread(feedId: string): number {
    return this.states.get(feedId)?.unread ?? 0;
  }

  markRead(feedId: string): void {
    const state = this.states.get(feedId);
    if (!state || state.unread === 0) return;
    state.unread = 0;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
    this.matched.dispose();
  }
}

function criteria(feed: TopicFeed): string {
  return JSON.stringify([feed.keywords, feed.people, feed.rooms]);
}

/** In time order (history arrives after live messages it precedes), bounded to the newest. */
function insert(state: FeedState, hit: FeedHit): void {
  state.ids.add(hit.message.id);
  const time = hit.message.time.getTime();
  let at = state.hits.length;
  while (at > 0 && state.hits[at - 1].message.time.getTime() > time) at--;
  state.hits.splice(at, 0, hit);
  if (state.hits.length > FEED_LIMITS.matches) {
    const dropped = state.hits.shift();
    if (dropped) state.ids.delete(dropped.message.id);
  }
  state.unread = Math.min(state.unread, state.hits.length);
}
